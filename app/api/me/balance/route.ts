import { authorizedRoute } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownBalance } from "@/lib/ledger/own-balance";

export const GET = authorizedRoute(
  customerRoles,
  async (_request, user) => Response.json({ balance: await ownBalance(user) }),
  { limit: "poll.balance" },
);
