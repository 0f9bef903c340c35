"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type WeekRates = { week: string; refundRate: number; reportRate: number };
export type FeatureRates = { name: string; current: number; previous: number };

const asPercent = (value: unknown) => `${Number(value).toFixed(1)}%`;

/**
 * The period drawn: weekly trend lines and a bar per feature. Rates arrive in percent. The tables beside
 * them hold every number shown here, for anyone who cannot see or use a chart: so the charts are hidden
 * from assistive technology, and their keyboard layer is off, since focus may not land in hidden content.
 */
export function InsightsCharts({ weeks, features }: { weeks: WeekRates[]; features: FeatureRates[] }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2" aria-hidden="true">
      <figure>
        <figcaption className="mb-2 text-sm font-medium text-slate-700">Refund and report rate by week</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={weeks} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="week" fontSize={12} />
            <YAxis tickFormatter={asPercent} fontSize={12} width={52} />
            <Tooltip formatter={asPercent} />
            <Legend />
            <Line type="monotone" dataKey="refundRate" name="Refund rate" stroke="#4f46e5" strokeWidth={2} />
            <Line type="monotone" dataKey="reportRate" name="Report rate" stroke="#d97706" strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption className="mb-2 text-sm font-medium text-slate-700">Refund rate by feature</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={features} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="name" fontSize={11} interval={0} angle={-30} textAnchor="end" height={70} />
            <YAxis tickFormatter={asPercent} fontSize={12} width={52} />
            <Tooltip formatter={asPercent} />
            <Legend />
            <Bar dataKey="previous" name="Previous period" fill="#cbd5e1" />
            <Bar dataKey="current" name="This period" fill="#4f46e5" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
