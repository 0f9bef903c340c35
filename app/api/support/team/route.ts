import { authorizedRoute } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { supportTeam } from "@/lib/support/availability";

export const GET = authorizedRoute(staffRoles, async () => Response.json({ team: await supportTeam() }));
