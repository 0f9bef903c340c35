import { buttonClasses } from "@/components/ui/button";

const inputClasses =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100";

export type AuditFilterValues = { action?: string; actor?: string; targetId?: string };

/** A plain GET form: the filters live in the address, so a filtered log can be bookmarked and shared. */
export function AuditFilters({ actions, values }: { actions: readonly string[]; values: AuditFilterValues }) {
  return (
    <form method="get" className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
      <div className="space-y-1.5">
        <label htmlFor="audit-action" className="block text-sm font-medium text-slate-700">
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={inputClasses}>
          <option value="">All actions</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="audit-actor" className="block text-sm font-medium text-slate-700">
          Actor
        </label>
        <input id="audit-actor" name="actor" defaultValue={values.actor} placeholder="Name or email" className={inputClasses} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="audit-target" className="block text-sm font-medium text-slate-700">
          Target id
        </label>
        <input id="audit-target" name="targetId" defaultValue={values.targetId} className={inputClasses} />
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Filter
        </button>
        <a href="/admin/audit" className={buttonClasses("ghost")}>
          Clear
        </a>
      </div>
    </form>
  );
}
