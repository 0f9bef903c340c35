import { hostRoute } from "@/lib/api/host-route";
import { customerBody, customerParams } from "@/lib/api/schemas";
import { serializeCustomer } from "@/lib/api/serializers";
import { customerWithBalance, registerCustomer } from "@/lib/customers/customers";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const PUT = hostRoute({ params: customerParams, body: customerBody }, async ({ params, body }) => {
  const { customer, created } = await registerCustomer(params.customerId, body);
  return json({ customer: serializeCustomer(customer) }, { status: created ? 201 : 200 });
});

export const GET = hostRoute({ params: customerParams }, async ({ params }) => {
  const { customer, balance } = await customerWithBalance(params.customerId);
  return json({ customer: serializeCustomer(customer), balance });
});

export default pagesApiRoute({ GET, PUT });
