import { hostRoute } from "@/lib/api/host-route";
import { refundRequestParams } from "@/lib/api/schemas";
import { serializeRefundRequest } from "@/lib/api/serializers";
import { refundRequestById } from "@/lib/refunds/queries";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = hostRoute({ params: refundRequestParams }, async ({ params }) =>
  json({ request: serializeRefundRequest(await refundRequestById(params.id)) }),
);

export default pagesApiRoute({ GET });
