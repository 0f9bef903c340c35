import { hostRoute } from "@/lib/api/host-route";
import { insightRefundsQuery, serializeRefundInsights } from "@/lib/api/insight-schemas";
import { refundInsightRows } from "@/lib/insights/refund-rows";

export const GET = hostRoute({ query: insightRefundsQuery }, async ({ query }) => {
  const rows = await refundInsightRows({ from: query.from, to: query.to }, query.by);
  return Response.json(serializeRefundInsights(rows));
});
