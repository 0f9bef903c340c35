import { authorizedRoute } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownInbox } from "@/lib/notifications/inbox";

export const GET = authorizedRoute(customerRoles, async (_request, user) => Response.json(await ownInbox(user)), {
  limit: "poll.notifications",
});
