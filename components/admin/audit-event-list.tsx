import type { AuditEvent } from "@/lib/audit/log";
import { dateTime } from "@/lib/format/date-time";
import { AuditDiff } from "./audit-diff";

export function AuditEventList({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No events match.</p>;
  return (
    <div className="overflow-x-auto">
      <table aria-label="Audit events" className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Time</th>
            <th className="py-2 pr-4 font-medium">Actor</th>
            <th className="py-2 pr-4 font-medium">Action</th>
            <th className="py-2 pr-4 font-medium">Target</th>
            <th className="py-2 font-medium">Change</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-event">
              <td className="whitespace-nowrap py-2.5 pr-4 text-slate-600">
                <time dateTime={event.createdAt.toISOString()}>{dateTime(event.createdAt)}</time>
              </td>
              <td className="py-2.5 pr-4">
                <p className="font-medium text-slate-900">{event.actor}</p>
                {event.actorEmail && event.actorEmail !== event.actor ? (
                  <p className="text-xs text-slate-500">{event.actorEmail}</p>
                ) : null}
              </td>
              <td className="py-2.5 pr-4 font-mono text-xs text-slate-800">{event.action}</td>
              <td className="py-2.5 pr-4">
                <p className="text-xs text-slate-500">{event.targetType}</p>
                <p data-testid="audit-target-id" className="break-all font-mono text-xs text-slate-800">
                  {event.targetId}
                </p>
              </td>
              <td className="py-2.5">
                <AuditDiff before={event.before} after={event.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
