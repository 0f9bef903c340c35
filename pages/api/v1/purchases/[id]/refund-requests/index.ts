import { hostRoute } from "@/lib/api/host-route";
import { purchaseParams, purchaseRefundRequestBody } from "@/lib/api/purchase-schemas";
import { serializePurchaseRefundRequest } from "@/lib/api/serializers";
import { requestPurchaseRefund } from "@/lib/purchases/refund-requests";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ params: purchaseParams, body: purchaseRefundRequestBody }, async ({ params, body }) => {
  const request = await requestPurchaseRefund({ ...body, purchaseId: params.id, source: "api", actorId: null });
  return json({ request: serializePurchaseRefundRequest(request) }, { status: 201 });
});

export default pagesApiRoute({ POST });
