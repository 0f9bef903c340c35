import type { Metadata } from "next";
import { AvailabilityToggle } from "@/components/support/availability-toggle";
import { QueueView } from "@/components/support/queue-view";
import { TeamList } from "@/components/support/team-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
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
      <PageHeader title="Support" actions={<AvailabilityToggle current={me?.availability ?? "away"} />}>
        Refund requests the policy sent to review, oldest first. Answer each within {queue.slaHours} hours.
      </PageHeader>
      <QueueView initial={queue} initialFilters={filters} features={features} viewerId={user.id} />
      <Card title="Team">
        <TeamList initial={team} />
      </Card>
    </div>
  );
}
