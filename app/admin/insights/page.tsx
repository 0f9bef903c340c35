import type { Metadata } from "next";
import Link from "next/link";
import { InsightActionForm } from "@/components/admin/insight-action-form";
import { InsightsCharts } from "@/components/admin/insights-charts";
import { InsightsTable } from "@/components/admin/insights-table";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { insightActionKindLabels } from "@/lib/insights/action-kinds.shared";
import { insightActionsWithEffect } from "@/lib/insights/actions";
import { featureNames, insightsFor } from "@/lib/insights/insights";
import { percent } from "@/lib/insights/percent.shared";
import { daysIn, periodFromQuery, periodSearch, utcDay, type Period } from "@/lib/insights/periods";
import type { InsightTable } from "@/lib/insights/tables";

export const metadata: Metadata = { title: "Insights" };

function exportHref(table: InsightTable, period: Period): string {
  return `/admin/insights/export?${new URLSearchParams({ table, ...periodSearch(period) })}`;
}

function ExportLink({ table, period }: { table: InsightTable; period: Period }) {
  return (
    <a href={exportHref(table, period)} className="text-sm font-medium text-brand-700 hover:underline" download>
      Export CSV
    </a>
  );
}

function Section({
  title,
  table,
  period,
  children,
}: {
  title: string;
  table: InsightTable;
  period: Period;
  children: React.ReactNode;
}) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-label={title}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <ExportLink table={table} period={period} />
      </div>
      {children}
    </section>
  );
}

function Trend({ now, before }: { now: number; before: number }) {
  const word = now > before ? "up" : now < before ? "down" : "same";
  return (
    <span className="text-xs text-slate-500">
      {word === "same" ? `same as before (${before})` : `${word} from ${before}`}
    </span>
  );
}

const longDay = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const dayWords = (day: string) => longDay.format(new Date(`${day}T00:00:00Z`));

/** Agents and admins read it; only admins see the form that records an action. */
export default async function InsightsPage({ searchParams }: PageProps<"/admin/insights">) {
  const user = await requirePageUser(staffRoles);
  const { period, refused } = periodFromQuery(await searchParams);
  const [insights, actions, featureName] = await Promise.all([
    insightsFor(period),
    insightActionsWithEffect(),
    featureNames(),
  ]);
  const { previous, totals } = insights;
  const shown = periodSearch(period);
  const days = daysIn(period);
  const themeHref = (featureKey: string, phrase: string) =>
    `/admin/insights/reports?${new URLSearchParams({ feature: featureKey, theme: phrase, ...shown })}`;
  const stats = [
    { label: "Refund rate", now: percent(totals.current.refundRate), before: percent(totals.previous.refundRate) },
    { label: "Report rate", now: percent(totals.current.reportRate), before: percent(totals.previous.reportRate) },
    { label: "Approved", now: totals.current.approved, before: totals.previous.approved },
    { label: "Denied", now: totals.current.denied, before: totals.previous.denied },
    { label: "In review", now: totals.current.inReview, before: totals.previous.inReview },
  ];
  const featureOptions = insights.byFeature.map((row) => ({ value: row.key, label: row.label }));
  return (
    <div className="space-y-6">
      <PageHeader title="Insights">
        {dayWords(period.from)} to {dayWords(shown.through)} ({days} days, UTC), beside the previous {days} days (
        {dayWords(previous.from)} to {dayWords(periodSearch(previous).through)}). Counted by when each generation was
        made.
      </PageHeader>

      <Card>
        <form method="get" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <Field id="insights-from" name="from" type="date" label="From" defaultValue={shown.from} />
          <Field id="insights-through" name="through" type="date" label="Through" defaultValue={shown.through} />
          <div className="flex gap-2">
            <button type="submit" className={buttonClasses("primary")}>
              Show
            </button>
            <Link href="/admin/insights" className={buttonClasses("ghost")}>
              Last 30 days
            </Link>
          </div>
        </form>
        {refused ? (
          <div className="mt-3">
            <FormNotice tone="error">{refused}</FormNotice>
          </div>
        ) : null}
      </Card>

      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{stat.label}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums">{stat.now}</dd>
            <dd className="text-xs text-slate-500">{stat.before} before</dd>
          </div>
        ))}
      </dl>

      <Section title="Flags" table="flags" period={period}>
        {insights.flags.length === 0 ? (
          <p className="text-sm text-slate-500">
            No feature or model version&apos;s refund or report rate rose clearly above the previous period.
          </p>
        ) : (
          <ul aria-label="Flags" className="space-y-1 text-sm">
            {insights.flags.map((flag) => (
              <li key={`${flag.subject}/${flag.metric}`} className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
                {flag.sentence}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-xs text-slate-500">
          A flag needs 20 reports or 200 credits spent in the period, and the rate at least 1.5 times and 3 points above
          the previous period&apos;s.
        </p>
      </Section>

      <Card title="Trends">
        <InsightsCharts
          weeks={insights.weekly.map((week) => ({
            week: dayWords(week.start),
            refundRate: week.figures.refundRate * 100,
            reportRate: week.figures.reportRate * 100,
          }))}
          features={insights.byFeature.map((row) => ({
            name: row.label,
            current: row.current.refundRate * 100,
            previous: row.previous.refundRate * 100,
          }))}
        />
      </Card>

      <Section title="By feature" table="features" period={period}>
        <InsightsTable caption="By feature" rows={insights.byFeature} />
      </Section>
      <Section title="By model version" table="models" period={period}>
        <InsightsTable caption="By model version" rows={insights.byModel} />
      </Section>
      <Section title="By platform" table="platforms" period={period}>
        <InsightsTable caption="By platform" rows={insights.byPlatform} />
      </Section>

      <Section title="Weekly" table="weekly" period={period}>
        <table className="min-w-full text-sm">
          <caption className="sr-only">Weekly</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th scope="col" className="px-2 py-2 font-medium">
                Week from
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Generations
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Reports
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Refund rate
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Report rate
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {insights.weekly.map((week) => (
              <tr key={week.start}>
                <th scope="row" className="px-2 py-2 text-left font-medium">
                  {dayWords(week.start)}
                  {week.days < 7 ? <span className="text-xs text-slate-500"> ({week.days} days)</span> : null}
                </th>
                <td className="px-2 py-2 text-right tabular-nums">{week.figures.generations}</td>
                <td className="px-2 py-2 text-right tabular-nums">{week.figures.refundRequests}</td>
                <td className="px-2 py-2 text-right tabular-nums">{percent(week.figures.refundRate)}</td>
                <td className="px-2 py-2 text-right tabular-nums">{percent(week.figures.reportRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title="Reasons per feature" table="reasons" period={period}>
        {insights.reasons.length === 0 ? (
          <p className="text-sm text-slate-500">No reports in these periods.</p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {insights.reasons.map((feature) => (
              <div key={feature.featureKey}>
                <h3 className="text-sm font-semibold text-slate-800">{feature.label}</h3>
                <ul className="mt-1 space-y-0.5 text-sm">
                  {feature.items.map((item) => (
                    <li key={item.reason} className="flex justify-between gap-2">
                      <span>{item.label}</span>
                      <span className="tabular-nums">
                        {item.current} <Trend now={item.current} before={item.previous} />
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </Section>

      <Section title="Themes" table="themes" period={period}>
        <p className="mb-3 text-xs text-slate-500">
          Phrases of two or three words (leaving out words such as &ldquo;the&rdquo; or &ldquo;is&rdquo;) used in at
          least two reports of a feature; a longer phrase stands in for the shorter ones it mostly covers.
        </p>
        {insights.themes.length === 0 ? (
          <p className="text-sm text-slate-500">No phrase recurs in this period&apos;s reports.</p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {insights.themes.map((feature) => (
              <div key={feature.featureKey}>
                <h3 className="text-sm font-semibold text-slate-800">{feature.label}</h3>
                <ul aria-label={`Themes of ${feature.label}`} className="mt-1 space-y-0.5 text-sm">
                  {feature.items.map((theme) => (
                    <li key={theme.phrase} className="flex justify-between gap-2">
                      <Link
                        href={themeHref(feature.featureKey, theme.phrase)}
                        className="text-brand-700 hover:underline"
                      >
                        {theme.phrase}
                      </Link>
                      <span className="tabular-nums">
                        {theme.reports} <Trend now={theme.reports} before={theme.previous} />
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </Section>

      <Section title="Actions taken" table="actions" period={period}>
        <p className="mb-3 text-xs text-slate-500">
          Each action&apos;s feature (or, for a theme, the reports that use it) in equal windows before and from its
          date: up to 30 days, and no longer than the time since.
        </p>
        {actions.length === 0 ? (
          <p className="text-sm text-slate-500">No actions recorded yet.</p>
        ) : (
          <ul aria-label="Actions taken" className="divide-y divide-slate-100">
            {actions.map((action) => (
              <li key={action.id} className="py-3 text-sm">
                <p className="font-medium text-slate-900">
                  {action.link ? (
                    <a href={action.link} className="text-brand-700 hover:underline" rel="noreferrer">
                      {action.title}
                    </a>
                  ) : (
                    action.title
                  )}
                </p>
                <p className="text-xs text-slate-500">
                  {insightActionKindLabels[action.kind]} · {action.featureKey ? featureName(action.featureKey) : ""}
                  {action.theme ? ` · theme “${action.theme}”` : ""} · {dayWords(action.takenOn)}
                  {action.author ? ` · ${action.author}` : ""}
                </p>
                <p className="mt-1" data-testid="action-effect">
                  {action.days === 1 ? "1 day" : `${action.days} days`} before → after: refund rate{" "}
                  {percent(action.before.refundRate)} → {percent(action.after.refundRate)}, report rate{" "}
                  {percent(action.before.reportRate)} → {percent(action.after.reportRate)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {user.role === "admin" ? (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <h3 className="mb-3 text-sm font-semibold text-slate-800">Record an action</h3>
            <InsightActionForm
              features={featureOptions}
              themes={insights.themes.flatMap((feature) => feature.items.map((theme) => theme.phrase))}
              today={utcDay(new Date())}
            />
          </div>
        ) : null}
      </Section>
    </div>
  );
}
