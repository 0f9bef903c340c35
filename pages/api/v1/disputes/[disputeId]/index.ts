import { hostRoute } from "@/lib/api/host-route";
import { disputeBody, disputeParams } from "@/lib/api/purchase-schemas";
import { serializeDisputeAnswer } from "@/lib/api/serializers";
import { upsertDispute } from "@/lib/purchases/disputes";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const PUT = hostRoute({ params: disputeParams, body: disputeBody }, async ({ params, body }) => {
  const change = await upsertDispute({ id: params.disputeId, ...body });
  return json(serializeDisputeAnswer(change), { status: change.created ? 201 : 200 });
});

export default pagesApiRoute({ PUT });
