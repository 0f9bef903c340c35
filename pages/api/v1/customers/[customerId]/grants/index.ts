import { hostRoute } from "@/lib/api/host-route";
import { customerParams, grantBody } from "@/lib/api/schemas";
import { grantCredits } from "@/lib/customers/customers";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ params: customerParams, body: grantBody }, async ({ params, body }) => {
  const { balance, replayed } = await grantCredits(params.customerId, body);
  return json({ balance }, { status: replayed ? 200 : 201 });
});

export default pagesApiRoute({ POST });
