import { openApiDocument } from "@/lib/api/openapi";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export function GET() {
  return Response.json(openApiDocument());
}

export default pagesApiRoute({ GET });
