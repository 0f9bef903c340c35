import { hostRoute } from "@/lib/api/host-route";
import { serializeWebhookEndpoint, webhookEndpointBody } from "@/lib/api/webhook-schemas";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ body: webhookEndpointBody }, async ({ body }) => {
  const { endpoint, secret } = await createWebhookEndpoint(
    { url: body.url, eventTypes: body.events, description: body.description },
    null,
  );
  return json({ endpoint: serializeWebhookEndpoint(endpoint), secret }, { status: 201 });
});

export const GET = hostRoute({}, async () =>
  json({ endpoints: (await listWebhookEndpoints()).map(serializeWebhookEndpoint) }),
);

export default pagesApiRoute({ GET, POST });
