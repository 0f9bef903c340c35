import "server-only";
import { z } from "zod";

/** A browser batches a handful of reports; a body near this size is not a browser's. */
export const maxCspReportBytes = 32 * 1024;

/** Long enough for a directive and a URL, short enough that a forged report cannot flood the log. */
const clipped = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).slice(0, 300))
  .nullish();

/** `report-uri`'s body, sent as application/csp-report. */
const legacyReport = z
  .object({
    "csp-report": z.object({
      "document-uri": clipped,
      "effective-directive": clipped,
      "violated-directive": clipped,
      "blocked-uri": clipped,
      "source-file": clipped,
      "line-number": clipped,
      "script-sample": clipped,
    }),
  })
  .transform(({ "csp-report": report }) => [
    {
      document: report["document-uri"],
      directive: report["effective-directive"] ?? report["violated-directive"],
      blocked: report["blocked-uri"],
      source: report["source-file"],
      line: report["line-number"],
      sample: report["script-sample"],
    },
  ]);

/** The Reporting API's batch for `report-to`, sent as application/reports+json; other report types are skipped. */
const reportingApiBatch = z
  .array(
    z.object({
      type: z.string(),
      body: z
        .object({
          documentURL: clipped,
          effectiveDirective: clipped,
          blockedURL: clipped,
          sourceFile: clipped,
          lineNumber: clipped,
          sample: clipped,
        })
        .optional(),
    }),
  )
  .max(100)
  .transform((reports) =>
    reports.flatMap(({ type, body }) =>
      type === "csp-violation" && body
        ? [
            {
              document: body.documentURL,
              directive: body.effectiveDirective,
              blocked: body.blockedURL,
              source: body.sourceFile,
              line: body.lineNumber,
              sample: body.sample,
            },
          ]
        : [],
    ),
  );

/** What browsers post to the report endpoint, in either format, as the violations it holds. */
export const cspReportSchema = z.union([legacyReport, reportingApiBatch]);

export type CspViolation = z.output<typeof cspReportSchema>[number];

/** A violation is a bug in the app or an attack on a visitor: either way operators must see it. */
export function logCspViolations(violations: CspViolation[]) {
  for (const violation of violations) console.warn("Content Security Policy violation:", JSON.stringify(violation));
}
