import { hostRoute } from "@/lib/api/host-route";
import { generationParams, succeedBody } from "@/lib/api/schemas";
import { serializeGenerationResult } from "@/lib/api/serializers";
import { succeedGeneration } from "@/lib/generations/lifecycle";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ params: generationParams, body: succeedBody }, async ({ params, body }) =>
  json(serializeGenerationResult(await succeedGeneration(params.id, body.outputUrl))),
);

export default pagesApiRoute({ POST });
