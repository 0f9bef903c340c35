import { z } from "zod";
import { errorResponse } from "@/lib/api/envelope";
import { authorizedRoute } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { insightActionsWithEffect } from "@/lib/insights/actions";
import { csvText } from "@/lib/insights/csv";
import { insightsFor } from "@/lib/insights/insights";
import { periodFromQuery, periodSearch } from "@/lib/insights/periods";
import { insightTable, insightTables } from "@/lib/insights/tables";

const tableQuery = z.enum(insightTables);

/** One of the page's tables as CSV, for the period the page showed; agents may export what they may read. */
export const GET = authorizedRoute(staffRoles, async (request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const table = tableQuery.safeParse(query.table);
  if (!table.success) {
    return errorResponse("validation.failed", `table must be one of ${insightTables.join(", ")}.`, "table");
  }
  const { period, refused } = periodFromQuery(query);
  if (refused) return errorResponse("validation.failed", refused, "from");
  const [insights, actions] = await Promise.all([insightsFor(period), insightActionsWithEffect()]);
  const { from, through } = periodSearch(period);
  return new Response(csvText(insightTable(table.data, insights, actions)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="insights-${table.data}-${from}-to-${through}.csv"`,
      "cache-control": "no-store",
    },
  });
});
