import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/admin/api-keys/actions";
import { changeRoleAction, createStaffAction } from "@/app/admin/staff/actions";
import { db } from "@/db/client";
import { apiKeys, auditEvents, users } from "@/db/schema";
import { auditLog, auditPageSize } from "@/lib/audit/log";
import { changeStaffRole } from "@/lib/admin/staff";
import { createApiKey } from "@/lib/api/api-keys";
import { recordAudit } from "@/lib/audit/record";
import { idleState } from "@/lib/auth/action-state.shared";
import type { CurrentUser } from "@/lib/auth/current-user";
import { testSql } from "../setup/database";
import { form } from "../support/forms";
import { person } from "../support/people";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

const people: Record<string, CurrentUser> = {};

async function written() {
  const [staff] = await db.select({ value: count() }).from(users);
  const [keys] = await db.select({ value: count() }).from(apiKeys);
  const [audit] = await db.select({ value: count() }).from(auditEvents);
  const roles = await db.select({ email: users.email, role: users.role }).from(users).orderBy(users.email);
  return { staff: staff!.value, keys: keys!.value, audit: audit!.value, roles };
}

async function adminEmails() {
  return (await db.select({ email: users.email }).from(users).where(eq(users.role, "admin"))).map((row) => row.email);
}

const newAgent = { name: "Nico New", email: "nico@example.com", password: "a long enough secret", role: "agent" };

beforeAll(async () => {
  people["ada@example.com"] = await person("ada@example.com", "admin");
  people["avery@example.com"] = await person("avery@example.com", "agent");
});

describe("the audit table", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, keeping every event", async () => {
    await recordAudit(db, { actorId: null, action: "test.recorded", targetType: "test", targetId: "t-1" });
    const sql = testSql();
    const before = await written();

    await expect(sql`update audit_events set action = 'test.rewritten'`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`).rejects.toThrow(/append-only/);

    expect(await written()).toEqual(before);
    const [event] = await sql`select action from audit_events where target_id = 't-1'`;
    expect(event).toEqual({ action: "test.recorded" });
  });
});

describe("an agent", () => {
  it("is refused by every admin action, and nothing is written", async () => {
    const { record } = await createApiKey("existing");
    const before = await written();
    signedInAs("avery@example.com");

    const attempts = [
      createStaffAction(idleState, form(newAgent)),
      changeRoleAction(idleState, form({ userId: people["avery@example.com"]!.id, role: "admin" })),
      createApiKeyAction(idleState, form({ name: "sneaky" })),
      revokeApiKeyAction(idleState, form({ id: record.id })),
    ];

    for (const state of await Promise.all(attempts)) {
      expect(state).toMatchObject({ status: "error", code: "auth.forbidden" });
    }
    expect(await written()).toEqual(before);
  });
});

describe("staff", () => {
  it("creates an agent with a hashed password and audits it", async () => {
    signedInAs("ada@example.com");
    const state = await createStaffAction(idleState, form({ ...newAgent, email: "Nico@Example.com" }));

    expect(state).toMatchObject({ status: "success" });
    const [created] = await db.select().from(users).where(eq(users.email, "nico@example.com"));
    expect(created).toMatchObject({ name: "Nico New", role: "agent", customerId: null });
    expect(created!.passwordHash).toMatch(/^\$2[aby]\$/);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, created!.id));
    expect(event).toMatchObject({
      actorId: people["ada@example.com"]!.id,
      action: "staff.created",
      targetType: "user",
      after: { name: "Nico New", email: "nico@example.com", role: "agent" },
    });
  });

  it("refuses a duplicate email with a field message and writes nothing", async () => {
    signedInAs("ada@example.com");
    const before = await written();

    const state = await createStaffAction(idleState, form({ ...newAgent, email: "AVERY@example.com" }));

    expect(state).toMatchObject({
      status: "error",
      code: "staff.email_taken",
      fieldErrors: { email: "Someone already signs in with this email." },
    });
    expect(await written()).toEqual(before);
  });

  it("refuses a short password and a customer role with field messages", async () => {
    signedInAs("ada@example.com");
    const before = await written();

    const state = await createStaffAction(
      idleState,
      form({ ...newAgent, email: "short@example.com", password: "too short", role: "customer" }),
    );

    expect(state).toMatchObject({
      status: "error",
      code: "validation.failed",
      fieldErrors: {
        password: "The initial password needs at least 12 characters.",
        role: "Choose support agent or admin.",
      },
    });
    expect(await written()).toEqual(before);
  });

  it("refuses to demote the last admin and writes nothing", async () => {
    signedInAs("ada@example.com");
    expect(await adminEmails()).toEqual(["ada@example.com"]);
    const before = await written();

    const state = await changeRoleAction(idleState, form({ userId: people["ada@example.com"]!.id, role: "agent" }));

    expect(state).toMatchObject({ status: "error", code: "staff.last_admin" });
    expect(await written()).toEqual(before);
  });

  it("changes a role and audits before and after", async () => {
    signedInAs("ada@example.com");
    const avery = people["avery@example.com"]!;

    const state = await changeRoleAction(idleState, form({ userId: avery.id, role: "admin" }));

    expect(state).toEqual({ status: "success", message: "avery is now admin." });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "staff.role_changed"));
    expect(events).toEqual([
      expect.objectContaining({ targetId: avery.id, before: { role: "agent" }, after: { role: "admin" } }),
    ]);
  });

  it("leaves one admin when the only two demote each other at the same moment", async () => {
    const ada = people["ada@example.com"]!;
    const avery = people["avery@example.com"]!;
    for (let round = 0; round < 5; round++) {
      const admins = await adminEmails();
      if (admins.length === 1) {
        const [remaining] = admins;
        const other = remaining === ada.email ? avery : ada;
        await changeStaffRole(people[remaining!]!, other.id, "admin");
      }
      expect((await adminEmails()).sort()).toEqual([ada.email, avery.email]);

      const results = await Promise.allSettled([
        changeStaffRole(ada, avery.id, "agent"),
        changeStaffRole(avery, ada.id, "agent"),
      ]);

      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect(results.find((result) => result.status === "rejected")).toMatchObject({
        reason: { code: "staff.last_admin" },
      });
      expect(await adminEmails()).toHaveLength(1);
    }
  });
});

describe("API keys from the admin console", () => {
  it("audits the creation and the first revocation, with the admin as actor", async () => {
    // Which of the two is still an admin depends on who won the race above.
    const [adminEmail] = await adminEmails();
    signedInAs(adminEmail!);
    const admin = people[adminEmail!]!;

    const created = await createApiKeyAction(idleState, form({ name: "Batch jobs" }));

    expect(created).toMatchObject({
      status: "success",
      outcome: "created",
      shownOnce: expect.stringMatching(/^mg_live_/),
    });
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.name, "Batch jobs"));
    const revoked = await revokeApiKeyAction(idleState, form({ id: key!.id }));
    expect(revoked).toMatchObject({ status: "success" });
    expect(await revokeApiKeyAction(idleState, form({ id: key!.id }))).toMatchObject({ status: "success" });

    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, key!.id));
    expect(events.map((event) => [event.action, event.actorId])).toEqual([
      ["api_key.created", admin.id],
      ["api_key.revoked", admin.id],
    ]);
    expect(events[0]!.after).toEqual({ name: "Batch jobs", prefix: key!.prefix });
  });
});

describe("the audit log", () => {
  it("pages newest first without gaps or repeats, and filters", async () => {
    await db.transaction(async (tx) => {
      // One transaction gives every row the same created_at, so only the id orders them.
      for (let index = 0; index < auditPageSize + 5; index++) {
        await recordAudit(tx, { actorId: null, action: "test.paged", targetType: "test", targetId: `page-${index}` });
      }
    });

    const first = await auditLog({ action: "test.paged" });
    expect(first.events).toHaveLength(auditPageSize);
    expect(first.older).not.toBeNull();
    const second = await auditLog({ action: "test.paged", before: first.older! });
    expect(second.older).toBeNull();
    const seen = [...first.events, ...second.events].map((event) => event.targetId);
    expect(new Set(seen).size).toBe(auditPageSize + 5);
    expect(first.events.every((event) => event.actor === "System")).toBe(true);

    const byTarget = await auditLog({ targetId: "page-3" });
    expect(byTarget.events.map((event) => event.targetId)).toEqual(["page-3"]);
    const byActor = await auditLog({ actor: "ADA@example" });
    expect(byActor.events.length).toBeGreaterThan(0);
    expect(byActor.events.every((event) => event.actor === "ada")).toBe(true);
  });
});
