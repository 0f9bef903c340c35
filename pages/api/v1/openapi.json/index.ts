import { withRequestId } from "@/lib/api/host-route";
import { openApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = withRequestId(async () => json(openApiDocument()));

export default pagesApiRoute({ GET });
