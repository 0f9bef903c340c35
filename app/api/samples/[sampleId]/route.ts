import { errorResponse } from "@/lib/api/envelope";
import { samplePng } from "@/lib/generations/samples";

export async function GET(_request: Request, context: RouteContext<"/api/samples/[sampleId]">) {
  const png = await samplePng((await context.params).sampleId);
  if (!png) return errorResponse("sample.not_found", "There is no such sample image.");
  return new Response(new Uint8Array(png), {
    headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" },
  });
}
