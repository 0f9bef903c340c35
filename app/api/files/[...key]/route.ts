import { z } from "zod";
import { roles } from "@/db/enums";
import { errorResponse } from "@/lib/api/envelope";
import { authorizedRoute } from "@/lib/auth/guards";
import { generationFileFor } from "@/lib/generations/files";

const querySchema = z.object({ download: z.literal("1").optional() });

export const GET = authorizedRoute(roles, async (request, user, context: RouteContext<"/api/files/[...key]">) => {
  const { key } = await context.params;
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return errorResponse("validation.failed", "download must be 1 when given.", "download");
  const download = query.data.download === "1";
  const file = await generationFileFor(user, key.join("/"), download ? "download" : "view");
  if (!file) return errorResponse("file.not_found", "There is no such file.");
  return new Response(new Uint8Array(file.buffer), {
    headers: {
      "Content-Type": file.contentType,
      // Only the owner and staff may see it, so no shared cache may keep it.
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
      ...(download ? { "Content-Disposition": `attachment; filename="${file.fileName}"` } : {}),
    },
  });
});
