import { hostRoute } from "@/lib/api/host-route";
import { insightRefundsQuery, serializeRefundInsights } from "@/lib/api/insight-schemas";
import { refundInsightRows } from "@/lib/insights/refund-rows";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = hostRoute({ query: insightRefundsQuery }, async ({ query }) => {
  const rows = await refundInsightRows({ from: query.from, to: query.to }, query.by);
  return json(serializeRefundInsights(rows));
});

export default pagesApiRoute({ GET });
