import { dateTime } from "@/lib/format/date-time";
import { ApiKeyRevokeButton } from "./api-key-revoke-button";

type Key = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export function ApiKeyList({ keys }: { keys: Key[] }) {
  if (keys.length === 0) return <p className="text-sm text-slate-500">No API keys yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table aria-label="API keys" className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Name</th>
            <th className="py-2 pr-4 font-medium">Prefix</th>
            <th className="py-2 pr-4 font-medium">Created</th>
            <th className="py-2 pr-4 font-medium">Last used</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id}>
              <td className="py-2.5 pr-4 font-medium text-slate-900">{key.name}</td>
              <td className="py-2.5 pr-4 font-mono text-slate-700">{key.prefix}…</td>
              <td className="py-2.5 pr-4 text-slate-600">{dateTime(key.createdAt)}</td>
              <td className="py-2.5 pr-4 text-slate-600">{key.lastUsedAt ? dateTime(key.lastUsedAt) : "Never"}</td>
              <td className="py-2.5 pr-4">
                {key.revokedAt ? (
                  <span className="text-red-700">Revoked {dateTime(key.revokedAt)}</span>
                ) : (
                  <span className="text-emerald-700">Active</span>
                )}
              </td>
              <td className="py-2.5 text-right">
                {key.revokedAt ? null : <ApiKeyRevokeButton id={key.id} name={key.name} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
