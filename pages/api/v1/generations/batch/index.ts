import { batchResult, maxBatchBodyBytes, parsedEvent } from "@/lib/api/generation-batch";
import { hostRoute } from "@/lib/api/host-route";
import { generationBatchBody } from "@/lib/api/schemas";
import { applyGenerationEvents } from "@/lib/generations/batch";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ body: generationBatchBody, maxBodyBytes: maxBatchBodyBytes }, async ({ body }) => {
  const applied = await applyGenerationEvents(body.events.map(parsedEvent));
  return json({ results: applied.map(batchResult) });
});

export default pagesApiRoute({ POST });
