import { hostRoute } from "@/lib/api/host-route";
import { serializeProduct } from "@/lib/api/serializers";
import { listProducts } from "@/lib/purchases/catalog";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = hostRoute({}, async () => json({ products: (await listProducts()).map(serializeProduct) }));

export default pagesApiRoute({ GET });
