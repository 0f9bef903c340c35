import { hostRoute } from "@/lib/api/host-route";
import { startGenerationBody } from "@/lib/api/schemas";
import { serializeGenerationResult } from "@/lib/api/serializers";
import { startGeneration } from "@/lib/generations/lifecycle";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const POST = hostRoute({ body: startGenerationBody }, async ({ body }) => {
  const result = await startGeneration(body);
  return json(serializeGenerationResult(result), { status: result.replayed ? 200 : 201 });
});

export default pagesApiRoute({ POST });
