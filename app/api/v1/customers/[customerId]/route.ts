import { hostRoute } from "@/lib/api/host-route";
import { customerBody, customerParams } from "@/lib/api/schemas";
import { serializeCustomer } from "@/lib/api/serializers";
import { registerCustomer } from "@/lib/customers/customers";

export const PUT = hostRoute({ params: customerParams, body: customerBody }, async ({ params, body }) => {
  const { customer, created } = await registerCustomer(params.customerId, body);
  return Response.json({ customer: serializeCustomer(customer) }, { status: created ? 201 : 200 });
});
