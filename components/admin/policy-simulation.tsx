"use client";

import Link from "next/link";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { credits } from "@/lib/format/credits.shared";
import { outcomeLabels, type Outcome, type PolicySimulation } from "@/lib/policy/simulation.shared";

const outcomes = Object.keys(outcomeLabels) as Outcome[];

const perDay = (value: number) => value.toFixed(1);

function plural(amount: number, one: string, many = `${one}s`) {
  return `${amount.toLocaleString("en")} ${amount === 1 ? one : many}`;
}

function change(before: number, after: number, unit: (value: number) => string) {
  if (before === after) return "no change";
  return `${after > before ? "+" : "−"}${unit(Math.abs(after - before))}`;
}

const cell = "px-2 py-1.5 text-right tabular-nums";
const head = "px-2 py-1.5 text-left font-medium text-slate-600";

/** Before (rows) against the draft (columns); the diagonal is what stays as it was. */
function OutcomeMatrix({ matrix }: { matrix: PolicySimulation["matrix"] }) {
  return (
    <table className="text-sm" aria-label="Decisions before and under the draft">
      <thead>
        <tr className="border-b border-slate-200">
          <th className={head}>Before ↓ / Draft →</th>
          {outcomes.map((outcome) => (
            <th key={outcome} scope="col" className={`${head} text-right`}>
              {outcomeLabels[outcome]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {outcomes.map((before) => (
          <tr key={before} className="border-b border-slate-100">
            <th scope="row" className={head}>
              {outcomeLabels[before]}
            </th>
            {outcomes.map((after) => (
              <td
                key={after}
                className={`${cell} ${before !== after && matrix[before][after] > 0 ? "font-semibold text-amber-800" : "text-slate-700"}`}
              >
                {matrix[before][after].toLocaleString("en")}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QueueChart({ days }: { days: PolicySimulation["queue"]["days"] }) {
  return (
    <div className="h-48 w-full" aria-hidden="true">
      <ResponsiveContainer>
        <LineChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} tickFormatter={(day: string) => day.slice(5)} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="before" name="Before" stroke="#94a3b8" dot={false} isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="after"
            name="Under the draft"
            stroke="#4f46e5"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** What the draft would have done to the past requests; nothing here is saved. */
export function PolicySimulationResults({ simulation }: { simulation: PolicySimulation }) {
  const { matrix, queue, changes } = simulation;
  return (
    <section aria-label="Test on past requests" className="space-y-5 rounded-lg border border-slate-200 p-4">
      <div className="space-y-1">
        <h3 className="text-base font-semibold text-slate-900">
          <span data-testid="simulation-changed">{plural(simulation.changed, "decision")}</span> of{" "}
          {plural(simulation.requests, "request")} in the last {simulation.days} days would change
        </h3>
        <p className="text-sm text-slate-600">
          Replayed through the policy with the draft and the facts each request was decided on. “Before” is what the
          policy decided when the request came in: a request an agent decided after review counts as in review. Nothing
          has been saved.
        </p>
      </div>

      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">Credits refunded at once</dt>
          <dd className="font-medium text-slate-900" data-testid="simulation-credits">
            {credits(simulation.credits.before)} before, {credits(simulation.credits.after)} under the draft (
            {change(simulation.credits.before, simulation.credits.after, credits)})
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Review queue, requests per day</dt>
          <dd className="font-medium text-slate-900" data-testid="simulation-queue">
            {perDay(queue.perDay.before)} before, {perDay(queue.perDay.after)} under the draft
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Customers affected</dt>
          <dd className="font-medium text-slate-900" data-testid="simulation-customers">
            {simulation.customersAffected.toLocaleString("en")}
          </dd>
        </div>
      </dl>

      <OutcomeMatrix matrix={matrix} />

      <div className="space-y-2">
        <QueueChart days={queue.days} />
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-700">Requests sent to review, day by day</summary>
          <table className="mt-2 text-sm" aria-label="Requests sent to review per day">
            <thead>
              <tr className="border-b border-slate-200">
                <th className={head}>Day (UTC)</th>
                <th className={`${head} text-right`}>Before</th>
                <th className={`${head} text-right`}>Under the draft</th>
              </tr>
            </thead>
            <tbody>
              {queue.days.map((day) => (
                <tr key={day.day} className="border-b border-slate-100">
                  <td className="px-2 py-1">{day.day}</td>
                  <td className={cell}>{day.before}</td>
                  <td className={cell}>{day.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>

      <div className="space-y-1 text-sm text-slate-600">
        {simulation.rebuilt > 0 ? (
          <p data-testid="simulation-rebuilt">
            {plural(simulation.rebuilt, "replayed request was", "replayed requests were")} decided before facts were
            kept, so their facts were rebuilt from the records: their times, history, account age and quality checks
            exactly; suspension, eligibility and the feature&apos;s mode from each request&apos;s trace, or, where the
            trace does not say, from today&apos;s settings, which may not be what they were then.
          </p>
        ) : null}
        {simulation.withoutFacts > 0 ? (
          <p>
            {plural(simulation.withoutFacts, "request")} of the period {simulation.withoutFacts === 1 ? "has" : "have"}{" "}
            no facts yet and {simulation.withoutFacts === 1 ? "was" : "were"} left out; they are being rebuilt, so test
            again in a minute.
          </p>
        ) : null}
        {simulation.downstreamUnknown > 0 ? (
          <p>
            {plural(simulation.downstreamUnknown, "request was", "requests were")} decided while the
            downloaded-then-used rule was off, when nobody looked whether the output was used: they count as not used.
          </p>
        ) : null}
      </div>

      {changes.length > 0 ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold text-slate-900">
            Changed requests
            {simulation.changed > changes.length ? `: the newest ${changes.length} of ${simulation.changed}` : ""}
          </h4>
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Changed requests">
              <thead>
                <tr className="border-b border-slate-200">
                  <th className={head}>Request</th>
                  <th className={head}>Customer</th>
                  <th className={head}>Feature</th>
                  <th className={head}>Reported (UTC)</th>
                  <th className={head}>Before → draft</th>
                  <th className={head}>Deciding rule</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((request) => (
                  <tr key={request.id} className="border-b border-slate-100" data-request-id={request.id}>
                    <td className="px-2 py-1.5">
                      <Link href={`/support/requests/${request.id}`} className="font-mono text-brand-700 underline">
                        {request.id.slice(0, 8)}
                      </Link>
                      {request.rebuilt ? <span className="ml-1 text-xs text-slate-500">(rebuilt)</span> : null}
                    </td>
                    <td className="px-2 py-1.5">{request.customer}</td>
                    <td className="px-2 py-1.5">{request.feature}</td>
                    <td className="px-2 py-1.5 whitespace-nowrap">
                      {request.requestedAt.slice(0, 16).replace("T", " ")}
                    </td>
                    <td className="px-2 py-1.5 whitespace-nowrap">
                      {outcomeLabels[request.before]} → {outcomeLabels[request.after]}
                    </td>
                    <td className="px-2 py-1.5">{request.rule}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
