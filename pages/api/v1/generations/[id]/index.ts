import { hostRoute } from "@/lib/api/host-route";
import { generationParams } from "@/lib/api/schemas";
import { serializeGeneration } from "@/lib/api/serializers";
import { generationById } from "@/lib/generations/queries";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = hostRoute({ params: generationParams }, async ({ params }) =>
  json({ generation: serializeGeneration(await generationById(params.id)) }),
);

export default pagesApiRoute({ GET });
