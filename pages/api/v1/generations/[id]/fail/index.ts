import { hostRoute } from "@/lib/api/host-route";
import { failBody, generationParams } from "@/lib/api/schemas";
import { serializeGenerationResult } from "@/lib/api/serializers";
import { failGeneration } from "@/lib/generations/lifecycle";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ params: generationParams, body: failBody }, async ({ params, body }) =>
  json(serializeGenerationResult(await failGeneration(params.id, body))),
);

export default pagesApiRoute({ POST });
