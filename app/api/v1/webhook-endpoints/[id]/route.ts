import { hostRoute } from "@/lib/api/host-route";
import { webhookEndpointParams } from "@/lib/api/webhook-schemas";
import { deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const DELETE = hostRoute({ params: webhookEndpointParams }, async ({ params }) => {
  await deleteWebhookEndpoint(params.id, null);
  return new Response(null, { status: 204 });
});
