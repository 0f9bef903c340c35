import { hostRoute } from "@/lib/api/host-route";
import { serializeProduct } from "@/lib/api/serializers";
import { listProducts } from "@/lib/purchases/catalog";

export const GET = hostRoute({}, async () => Response.json({ products: (await listProducts()).map(serializeProduct) }));
