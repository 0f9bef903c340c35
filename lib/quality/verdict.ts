import "server-only";
import type { QualityCheck } from "@/db/schema";

/** What the verdict reads of a stored check; anything shaped like a quality_checks row will do. */
export type QualityCheckLike = Pick<
  QualityCheck,
  "status" | "decodes" | "uniform" | "width" | "height" | "expectedWidth" | "expectedHeight"
>;

export const undecodableFinding = "The file does not decode as an image.";
export const blankFinding = "The image is blank: a single colour.";

export function wrongSizeFinding(
  actual: { width: number; height: number },
  expected: { width: number; height: number },
) {
  return `The image is ${actual.width}×${actual.height}, not the expected ${expected.width}×${expected.height}.`;
}

/**
 * The reasons a machine can give for an output being clearly unusable, most serious first. Only a
 * finished check counts: a check that is pending, could not fetch the file, or does not apply says
 * nothing against the output.
 */
export function unusableFindings(check: QualityCheckLike | null): string[] {
  if (check?.status !== "checked") return [];
  // Nothing else about a file that does not decode can be trusted, its header's size included.
  if (check.decodes === false) return [undecodableFinding];
  const findings: string[] = [];
  if (check.uniform === true) findings.push(blankFinding);
  const { width, height, expectedWidth, expectedHeight } = check;
  if (width !== null && height !== null && expectedWidth !== null && expectedHeight !== null) {
    if (width !== expectedWidth || height !== expectedHeight) {
      findings.push(wrongSizeFinding({ width, height }, { width: expectedWidth, height: expectedHeight }));
    }
  }
  return findings;
}
