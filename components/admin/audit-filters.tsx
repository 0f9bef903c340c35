import { buttonClasses } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";

export type AuditFilterValues = { action?: string; actor?: string; targetId?: string };

/** A plain GET form: the filters live in the address, so a filtered log can be bookmarked and shared. */
export function AuditFilters({ actions, values }: { actions: readonly string[]; values: AuditFilterValues }) {
  return (
    <form method="get" className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
      <SelectField
        id="audit-action"
        name="action"
        label="Action"
        options={[{ value: "", label: "All actions" }, ...actions.map((action) => ({ value: action, label: action }))]}
        defaultValue={values.action ?? ""}
      />
      <Field id="audit-actor" name="actor" label="Actor" defaultValue={values.actor} placeholder="Name or email" />
      <Field id="audit-target" name="targetId" label="Target id" defaultValue={values.targetId} />
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
