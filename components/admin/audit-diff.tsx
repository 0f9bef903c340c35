type Change = { path: string; before?: string; after?: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Nested settings (the eligibility matrix) flatten to dotted paths, so one toggled cell is one line. */
function flatten(value: unknown, path: string, into: Map<string, string>) {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(path, JSON.stringify(value));
  }
  return into;
}

function changes(before: unknown, after: unknown): Change[] {
  const old = flatten(before ?? undefined, "", new Map());
  const now = flatten(after ?? undefined, "", new Map());
  const paths = [...new Set([...old.keys(), ...now.keys()])];
  return paths
    .filter((path) => old.get(path) !== now.get(path))
    .map((path) => ({ path, before: old.get(path), after: now.get(path) }));
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const list = changes(before, after);
  if (list.length === 0) return <span className="text-slate-500">No values recorded</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
      {list.map((change) => (
        <div key={change.path} className="contents">
          <dt className="text-slate-500">{change.path || "value"}</dt>
          <dd className="break-all">
            {change.before === undefined ? null : (
              <del className="bg-red-50 text-red-800 no-underline">{change.before}</del>
            )}
            {change.before !== undefined && change.after !== undefined ? (
              <span className="text-slate-500"> → </span>
            ) : null}
            {change.after === undefined ? null : (
              <ins className="bg-emerald-50 text-emerald-800 no-underline">{change.after}</ins>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
