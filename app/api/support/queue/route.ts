import { errorResponse } from "@/lib/api/envelope";
import { authorizedRoute } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { queuePage } from "@/lib/support/queue";
import { queueFilters, queueQuery } from "@/lib/support/queue-query";
import { firstIssue } from "@/lib/validation/issues.shared";

export const GET = authorizedRoute(staffRoles, async (request) => {
  const query = queueQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const { field, message } = firstIssue(query.error, "query");
    return errorResponse("validation.failed", message, field);
  }
  return Response.json(await queuePage(queueFilters(query.data), query.data.cursor));
});
