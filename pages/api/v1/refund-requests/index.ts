import { hostRoute } from "@/lib/api/host-route";
import { refundRequestBody } from "@/lib/api/schemas";
import { serializeRefundRequest } from "@/lib/api/serializers";
import { submitRefundRequest } from "@/lib/refunds/service";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ body: refundRequestBody }, async ({ body }) => {
  const request = await submitRefundRequest({ ...body, source: "api", actorId: null });
  return json({ request: serializeRefundRequest(request) }, { status: 201 });
});

export default pagesApiRoute({ POST });
