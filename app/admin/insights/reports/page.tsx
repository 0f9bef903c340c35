import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Card } from "@/components/ui/card";
import { FormNotice } from "@/components/ui/form-notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { dateTime } from "@/lib/format/date-time";
import { featureNames } from "@/lib/insights/insights";
import { periodFromQuery, periodSearch } from "@/lib/insights/periods";
import { themeReports, themeReportsShown } from "@/lib/insights/theme-reports";
import { reasonLabel } from "@/lib/refunds/reasons.shared";
import { refundStatusLabels } from "@/lib/refunds/status-labels.shared";

export const metadata: Metadata = { title: "Theme reports" };

const query = z.object({
  feature: z.string().trim().min(1).max(64).catch(""),
  theme: z.string().trim().min(1).max(200).catch(""),
});

/** The reports behind one theme of one feature, each linking to the request itself. */
export default async function ThemeReportsPage({ searchParams }: PageProps<"/admin/insights/reports">) {
  await requirePageUser(staffRoles);
  const params = await searchParams;
  const { feature, theme } = query.parse(params);
  const { period, refused } = periodFromQuery(params);
  const shown = periodSearch(period);
  const back = `/admin/insights?${new URLSearchParams(shown)}`;
  if (!feature || !theme) {
    return (
      <div className="space-y-6">
        <PageHeader title="Theme reports">Pick a theme on the insights page to see its reports.</PageHeader>
        <Link href={back} className="text-sm font-medium text-brand-700 hover:underline">
          Back to insights
        </Link>
      </div>
    );
  }
  const [{ reports, total }, featureName] = await Promise.all([themeReports(feature, theme, period), featureNames()]);
  return (
    <div className="space-y-6">
      <PageHeader title={`“${theme}” in ${featureName(feature)} reports`}>
        {total === 1 ? "1 report" : `${total.toLocaleString("en")} reports`} of generations made from {shown.from}{" "}
        through {shown.through} (UTC)
        {total > reports.length ? `; the newest ${themeReportsShown} are listed` : ""}.
      </PageHeader>
      <Link href={back} className="text-sm font-medium text-brand-700 hover:underline">
        Back to insights
      </Link>
      {refused ? <FormNotice tone="error">{refused}</FormNotice> : null}
      <Card>
        {reports.length === 0 ? (
          <p className="text-sm text-slate-500">No report in this period uses this phrase.</p>
        ) : (
          <ul aria-label="Reports" className="divide-y divide-slate-100">
            {reports.map((report) => (
              <li key={report.id} className="py-3 text-sm">
                <p className="flex flex-wrap justify-between gap-2">
                  <Link href={`/support/requests/${report.id}`} className="font-medium text-brand-700 hover:underline">
                    {report.reason ? reasonLabel(report.reason) : "Report"} · {report.generationId}
                  </Link>
                  <span className="text-xs text-slate-500">
                    {refundStatusLabels[report.status]} · {dateTime(report.createdAt)}
                  </span>
                </p>
                <p className="mt-1 text-slate-700 wrap-anywhere">{report.details}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
