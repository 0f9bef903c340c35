import { describe, expect, it } from "vitest";
import { durationInWords } from "./duration.shared";

describe("a wait in words", () => {
  it.each([
    [0.2, "1 second"],
    [1, "1 second"],
    [8, "8 seconds"],
    [59.5, "1 minute"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [900, "15 minutes"],
  ])("%s seconds reads %s", (seconds, words) => {
    expect(durationInWords(seconds)).toBe(words);
  });
});
