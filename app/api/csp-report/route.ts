import { errorResponse } from "@/lib/api/envelope";
import { cspReportSchema, logCspViolations, maxCspReportBytes } from "@/lib/http/csp-reports";
import { readLimited } from "@/lib/http/read-limited";

function parsed(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Where browsers send what the Content Security Policy blocked. No session: any page may report,
 * signed in or not, so the body is bounded and each field clipped before it reaches the log.
 */
export async function POST(request: Request) {
  const bytes = await readLimited(request, maxCspReportBytes);
  if (!bytes) return errorResponse("validation.too_large", `body: must be at most ${maxCspReportBytes / 1024} KiB`);
  const report = cspReportSchema.safeParse(parsed(bytes));
  if (!report.success) return errorResponse("validation.failed", "body: must be a CSP violation report in JSON");
  logCspViolations(report.data);
  return new Response(null, { status: 204 });
}
