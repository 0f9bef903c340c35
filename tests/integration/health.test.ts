import { describe, expect, it, vi } from "vitest";
import { connect } from "@/db/client";
import { GET } from "@/app/api/health/route";
import { health } from "@/lib/health";

describe("health", () => {
  it("answers 200 with the database's state when it is ready", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: "reachable" });
    expect(body.migrations).toBeGreaterThan(0);
  });

  it("says only that the database is unreachable, and logs why", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const unreachable = connect("postgres://nobody:nothing@127.0.0.1:1/secret_database", 1);
    try {
      const answer = await health(unreachable.db);

      expect(answer).toEqual({ httpStatus: 503, body: { status: "unavailable", database: "unreachable" } });
      expect(logged).toHaveBeenCalledWith(expect.any(String), expect.any(Error));
      const { message } = logged.mock.calls[0]?.[1] as Error;
      expect(message.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer.body)).not.toContain(message);
    } finally {
      await unreachable.sql.end();
      logged.mockRestore();
    }
  });
});
