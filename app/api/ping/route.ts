export const dynamic = "force-dynamic";

/** Does nothing, so that `npm run bench` can tell what the web layer alone costs a call. */
export function GET() {
  return new Response(null, { status: 204 });
}
