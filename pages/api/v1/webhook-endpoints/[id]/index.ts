import { hostRoute } from "@/lib/api/host-route";
import { webhookEndpointParams } from "@/lib/api/webhook-schemas";
import { deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { noContent } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const DELETE = hostRoute({ params: webhookEndpointParams }, async ({ params }) => {
  await deleteWebhookEndpoint(params.id, null);
  return noContent();
});

export default pagesApiRoute({ DELETE });
