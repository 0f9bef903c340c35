import { hostRoute } from "@/lib/api/host-route";
import { refundRequestParams } from "@/lib/api/schemas";
import { serializeRefundRequest } from "@/lib/api/serializers";
import { refundRequestById } from "@/lib/refunds/queries";

export const GET = hostRoute({ params: refundRequestParams }, async ({ params }) =>
  Response.json({ request: serializeRefundRequest(await refundRequestById(params.id)) }),
);
