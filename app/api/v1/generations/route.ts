import { hostRoute } from "@/lib/api/host-route";
import { startGenerationBody } from "@/lib/api/schemas";
import { serializeGenerationResult } from "@/lib/api/serializers";
import { startGeneration } from "@/lib/generations/lifecycle";

export const POST = hostRoute({ body: startGenerationBody }, async ({ body }) => {
  const result = await startGeneration(body);
  return Response.json(serializeGenerationResult(result), { status: result.replayed ? 200 : 201 });
});
