import { describe, expect, it } from "vitest";
import { connect } from "@/db/client";
import { GET } from "@/app/api/health/route";
import { databaseHealth } from "@/lib/health";

describe("health", () => {
  it("answers 200 with the database's state when it is ready", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: { ok: true } });
    expect(body.database.migrations).toBeGreaterThan(0);
  });

  it("reports the database as down when it cannot be reached", async () => {
    const unreachable = connect("postgres://nobody:nothing@127.0.0.1:1/none", 1);
    const health = await databaseHealth(unreachable.db);
    await unreachable.sql.end();
    expect(health).toMatchObject({ ok: false });
  });
});
