import { errorResponse } from "@/lib/api/envelope";
import { authorizedRoute } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles";
import { queuePage } from "@/lib/support/queue";
import { queueFilters, queueQuery } from "@/lib/support/queue-query";

export const GET = authorizedRoute(staffRoles, async (request) => {
  const query = queueQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const [issue] = query.error.issues;
    return errorResponse(422, "validation.failed", issue!.message, issue!.path.map(String).join("."));
  }
  return Response.json(await queuePage(queueFilters(query.data), query.data.cursor));
});
