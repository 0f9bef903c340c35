import { databaseHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await databaseHealth();
  return Response.json(
    { status: health.ok ? "ok" : "unavailable", database: health },
    { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
