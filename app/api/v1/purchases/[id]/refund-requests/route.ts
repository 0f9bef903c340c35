import { hostRoute } from "@/lib/api/host-route";
import { purchaseParams, purchaseRefundRequestBody } from "@/lib/api/purchase-schemas";
import { serializePurchaseRefundRequest } from "@/lib/api/serializers";
import { requestPurchaseRefund } from "@/lib/purchases/refund-requests";

export const POST = hostRoute({ params: purchaseParams, body: purchaseRefundRequestBody }, async ({ params, body }) => {
  const request = await requestPurchaseRefund({ ...body, purchaseId: params.id, source: "api", actorId: null });
  return Response.json({ request: serializePurchaseRefundRequest(request) }, { status: 201 });
});
