import { hostRoute } from "@/lib/api/host-route";
import { refundRequestBody } from "@/lib/api/schemas";
import { serializeRefundRequest } from "@/lib/api/serializers";
import { submitRefundRequest } from "@/lib/refunds/service";

export const POST = hostRoute({ body: refundRequestBody }, async ({ body }) => {
  const request = await submitRefundRequest({ ...body, source: "api", actorId: null });
  return Response.json({ request: serializeRefundRequest(request) }, { status: 201 });
});
