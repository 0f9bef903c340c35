import type { Metadata } from "next";
import { AvailabilityToggle } from "@/components/support/availability-toggle";
import { TeamList } from "@/components/support/team-list";
import { Card } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles";
import { supportTeam } from "@/lib/support/availability";

export const metadata: Metadata = { title: "Support" };

export default async function SupportHomePage() {
  const user = await requirePageUser(staffRoles);
  const team = await supportTeam();
  const me = team.find((member) => member.id === user.id);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Support</h1>
        <p className="mt-1 text-sm text-slate-600">Refund requests the policy sends to review are decided here.</p>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your status">
          <AvailabilityToggle current={me?.availability ?? "away"} />
        </Card>
        <Card title="Team">
          <TeamList initial={team} />
        </Card>
      </div>
    </div>
  );
}
