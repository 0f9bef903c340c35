import type { Metadata } from "next";
import { AvailabilityToggle } from "@/components/support/availability-toggle";
import { QueueView } from "@/components/support/queue-view";
import { TeamList } from "@/components/support/team-list";
import { Card } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles";
import { supportDesk } from "@/lib/support/desk";
import { queueFilters, queueQuery } from "@/lib/support/queue-query";

export const metadata: Metadata = { title: "Support" };

export default async function SupportHomePage({ searchParams }: PageProps<"/support">) {
  const user = await requirePageUser(staffRoles);
  // A link with a filter that no longer makes sense still opens the queue, unfiltered.
  const parsed = queueQuery.omit({ cursor: true }).safeParse(await searchParams);
  const filters = parsed.success ? parsed.data : {};
  const { queue, features, team } = await supportDesk(queueFilters(filters));
  const me = team.find((member) => member.id === user.id);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Support</h1>
          <p className="mt-1 text-sm text-slate-600">
            Refund requests the policy sent to review, oldest first. Answer each within {queue.slaHours} hours.
          </p>
        </div>
        <AvailabilityToggle current={me?.availability ?? "away"} />
      </div>
      <QueueView initial={queue} initialFilters={filters} features={features} viewerId={user.id} />
      <Card title="Team">
        <TeamList initial={team} />
      </Card>
    </div>
  );
}
