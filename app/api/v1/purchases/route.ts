import { hostRoute } from "@/lib/api/host-route";
import { purchaseBody } from "@/lib/api/purchase-schemas";
import { serializePurchase } from "@/lib/api/serializers";
import { recordPurchase } from "@/lib/purchases/purchases";

export const POST = hostRoute({ body: purchaseBody }, async ({ body }) => {
  const { purchase, balance, replayed } = await recordPurchase({ ...body, provider: "host" });
  return Response.json({ purchase: serializePurchase(purchase), balance }, { status: replayed ? 200 : 201 });
});
