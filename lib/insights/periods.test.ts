import { describe, expect, it } from "vitest";
import { parseDay } from "./periods";

describe("parseDay", () => {
  it.each(["1970-01-01", "2026-02-28", "2024-02-29", "9998-12-31"])("reads %s", (day) => {
    expect(parseDay(day)).toBe(day);
  });

  it.each(["0000-01-01", "1969-12-31", "9999-01-01", "2026-02-29", "2026-13-01", "2026-1-01", " 2026-01-01"])(
    "refuses %j",
    (text) => {
      expect(parseDay(text)).toBeNull();
    },
  );
});
