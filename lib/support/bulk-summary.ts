import "server-only";
import type { ErrorCode } from "@/lib/errors";
import type { BulkResult } from "./decide";

const failureWords: Partial<Record<ErrorCode, string>> = {
  "refund.already_decided": "already decided",
  "refund_request.not_found": "not found",
};

function counted(parts: Map<string, number>): string {
  return [...parts].map(([words, count]) => `${count} ${words}`).join(", ");
}

/**
 * "9 approved, 1 already decided", then each failure's own sentence on a line of its own, so that the
 * agent learns who got there first.
 */
export function bulkSummary(results: BulkResult[]): { message: string; outcome: string } {
  const tally = new Map<string, number>();
  const failures: string[] = [];
  for (const result of results) {
    const words = "status" in result ? result.status : (failureWords[result.code] ?? "not decided");
    tally.set(words, (tally.get(words) ?? 0) + 1);
    if (!("status" in result)) failures.push(result.message);
  }
  return {
    message: [`${counted(tally)}.`, ...failures].join("\n"),
    outcome: failures.length === 0 ? "decided" : "partly",
  };
}
