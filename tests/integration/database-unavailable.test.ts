import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST as startGeneration } from "@/pages/api/v1/generations";
import { db } from "@/db/client";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { hostRoute } from "@/lib/api/host-route";
import { json } from "@/lib/http/host-call";
import { testSql } from "../setup/database";
import { hostApi, recordedState } from "../support/api";
import { customerWith, generationFor } from "../support/ledger";
import { blockedBackend } from "../support/locks";

const call = hostApi();

describe("a database connection lost under a host API call", () => {
  it("answers 503 service.unavailable with Retry-After, leaves nothing half-written, and the retry applies once", async () => {
    await customerWith("cut-customer", 50);
    const before = await recordedState();
    const body = generationFor("cut-customer", "cut-gen", 7);
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});

    // The start inserts the generation, then waits for the customer's account row, held here; its
    // connection is cut while it waits, with the generation written and not committed.
    const holder = await testSql().reserve();
    let response: Response;
    try {
      await holder`begin`;
      await holder`select 1 from ledger_accounts where customer_id = 'cut-customer' for update`;
      const answer = call.respond(startGeneration, { body });
      const pid = await blockedBackend();
      const [written] = await holder<{ found: boolean }[]>`
        select exists (select 1 from pg_locks where pid = ${pid} and locktype = 'transactionid' and granted) as found`;
      expect(written?.found).toBe(true);
      await holder`select pg_terminate_backend(${pid})`;
      response = await answer;
    } finally {
      await holder`rollback`;
      holder.release();
    }

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    const requestId = response.headers.get("x-request-id");
    expect(await response.json()).toEqual({
      error: { code: "service.unavailable", message: expect.stringContaining("Try it again"), requestId },
    });
    expect(warned).toHaveBeenCalledWith(expect.stringContaining(requestId!), expect.any(String));
    warned.mockRestore();
    expect(await recordedState()).toEqual(before);

    const retried = await call(startGeneration, { body });
    expect(retried.status).toBe(201);
    expect(retried.body.balance).toEqual({ available: 43, held: 7, posted: 50 });

    // A query on every connection of the pool at once: none lands on the cut one and waits out the
    // connect timeout, since the cut retired that pool.
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => db.execute(sql`select pg_sleep(0.2)`)));
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("answers 503 when the database cannot be reached at all, and says nothing of its internals", async () => {
    const unreachable = postgres("postgres://nobody:nothing@127.0.0.1:1/none", { max: 1, connect_timeout: 1 });
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const route = hostRoute({}, async () => json(await drizzle(unreachable).execute(sql`select 1`)));
      const response = await call.respond(route);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("2");
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: "service.unavailable" } });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|select/);
    } finally {
      warned.mockRestore();
      await unreachable.end();
    }
  });
});
