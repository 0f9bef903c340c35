import { errorResponse } from "@/lib/api/envelope";
import { authorizedRoute } from "@/lib/auth/guards";
import { roles } from "@/lib/auth/roles";
import { generationFileFor } from "@/lib/generations/files";

export const GET = authorizedRoute(roles, async (_request, user, context: RouteContext<"/api/files/[...key]">) => {
  const { key } = await context.params;
  const file = await generationFileFor(user, key.join("/"));
  if (!file) return errorResponse(404, "file.not_found", "There is no such file.");
  return new Response(new Uint8Array(file.buffer), {
    headers: {
      "Content-Type": file.contentType,
      // Only the owner and staff may see it, so no shared cache may keep it.
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
