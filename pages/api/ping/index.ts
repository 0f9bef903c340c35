import { noContent, route } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

/** Does nothing, so that `npm run bench` can tell what the host API's web layer alone costs a call. */
export const GET = route(async () => noContent());

export default pagesApiRoute({ GET });
