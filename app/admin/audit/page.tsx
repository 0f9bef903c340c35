import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AuditEventList } from "@/components/admin/audit-event-list";
import { AuditFilters } from "@/components/admin/audit-filters";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { auditActions, auditLog } from "@/lib/audit/log";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";

export const metadata: Metadata = { title: "Audit log" };

/** An empty box in the filter form arrives as "", which means "any". */
const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || undefined)
  .optional()
  .catch(undefined);

const query = z.object({
  action: z.enum(auditActions).optional().catch(undefined),
  actor: optionalText,
  targetId: optionalText,
  before: z.uuid().optional().catch(undefined),
});

function auditHref(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  return `/admin/audit?${search}`;
}

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requirePageUser(adminRoles);
  const filters = query.parse(await searchParams);
  const { events, older } = await auditLog(filters);
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log">Every change, newest first. Nothing here can be edited or deleted.</PageHeader>
      <Card>
        <AuditFilters actions={auditActions} values={filters} />
      </Card>
      <Card>
        <AuditEventList events={events} />
        <div className="mt-4 flex gap-2">
          {filters.before ? (
            <Link href={auditHref({ ...filters, before: undefined })} className={buttonClasses("secondary")}>
              Newest
            </Link>
          ) : null}
          {older ? (
            <Link href={auditHref({ ...filters, before: older })} className={buttonClasses("secondary")}>
              Older
            </Link>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
