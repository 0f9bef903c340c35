import { authorizedRoute } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownGenerations } from "@/lib/generations/gallery";

export const GET = authorizedRoute(customerRoles, async (_request, user) => Response.json(await ownGenerations(user)), {
  limit: "poll.generations",
});
