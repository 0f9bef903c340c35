import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

/** Does nothing, so that `npm run bench` can tell what the host API's web layer alone costs a call. */
export function GET() {
  return new Response(null, { status: 204 });
}

export default pagesApiRoute({ GET });
