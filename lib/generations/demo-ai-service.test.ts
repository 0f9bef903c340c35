import { describe, expect, it } from "vitest";
import { pickOutcome } from "./demo-ai-service";

const rates = { failureRate: 0.1, brokenRate: 0.2 };
const rolls =
  (...values: number[]) =>
  () =>
    values.shift()!;

describe("pickOutcome", () => {
  it.each([
    [[0.05], "failure"],
    [[0.1, 0.2], "blank"],
    [[0.29, 0.7], "undecodable"],
    [[0.31], "success"],
    [[0.99], "success"],
  ] as const)("rolls %j to %s", (values, outcome) => {
    expect(pickOutcome(rolls(...values), rates)).toBe(outcome);
  });

  it("never misbehaves when both rates are zero", () => {
    expect(pickOutcome(rolls(0), { failureRate: 0, brokenRate: 0 })).toBe("success");
  });
});
