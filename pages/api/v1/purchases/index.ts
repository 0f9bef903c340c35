import { hostRoute } from "@/lib/api/host-route";
import { purchaseBody } from "@/lib/api/purchase-schemas";
import { serializePurchase } from "@/lib/api/serializers";
import { recordPurchase } from "@/lib/purchases/purchases";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ body: purchaseBody }, async ({ body }) => {
  const { purchase, balance, replayed } = await recordPurchase({ ...body, provider: "host" });
  return json({ purchase: serializePurchase(purchase), balance }, { status: replayed ? 200 : 201 });
});

export default pagesApiRoute({ POST });
