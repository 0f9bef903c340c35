import { hostRoute } from "@/lib/api/host-route";
import { purchaseParams } from "@/lib/api/purchase-schemas";
import { serializePurchase } from "@/lib/api/serializers";
import { purchaseById } from "@/lib/purchases/purchases";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = hostRoute({ params: purchaseParams }, async ({ params }) =>
  json({ purchase: serializePurchase(await purchaseById(params.id)) }),
);

export default pagesApiRoute({ GET });
