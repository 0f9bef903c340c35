import { count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { changePasswordAction } from "@/app/account/password/actions";
import { disableStaffAction, enableStaffAction, changeRoleAction, createStaffAction } from "@/app/admin/staff/actions";
import { GET as getBalance } from "@/app/api/me/balance/route";
import { GET as getTeam } from "@/app/api/support/team/route";
import { markAllNotificationsReadAction } from "@/app/(customer)/notification-actions";
import { setAvailabilityAction } from "@/app/support/actions";
import { db } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { demoPassword, seedDatabase } from "@/db/seed";
import { idleState } from "@/lib/auth/action-state.shared";
import { signInAgain } from "@/lib/auth/auth";
import { authenticate } from "@/lib/auth/authenticate";
import { currentUser } from "@/lib/auth/current-user";
import { requirePageUser } from "@/lib/auth/guards";
import type { SessionClaims } from "@/lib/auth/session";
import { landingPath } from "@/lib/auth/landing";
import { everyRole, staffRoles } from "@/lib/auth/roles.shared";
import { form } from "../support/forms";
import { sessionIssuedNow, signedInAs, signedInWith } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));
// Issuing the cookie needs a Next request; what matters here is that the browser is signed in again.
vi.mock("@/lib/auth/auth", () => ({ signInAgain: vi.fn(async () => true) }));

const admin = "admin@example.com";
const agent = "agent@example.com";
const customer = "customer@example.com";

async function account(email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row!;
}

async function auditCount() {
  const [row] = await db.select({ value: count() }).from(auditEvents);
  return row!.value;
}

/** Where a page or action sent the browser, from the error Next's redirect() throws. */
async function redirectTarget(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const digest = (error as { digest?: string } | null)?.digest ?? "";
  const [kind, , target] = digest.split(";");
  if (kind !== "NEXT_REDIRECT") throw new Error(`expected a redirect, got ${String(error)}`);
  return target!;
}

/** What a route handler behind a web session answers, as the browser would see it. */
async function statusOf(handler: (request: Request, context: undefined) => Promise<Response>) {
  return (await handler(new Request("http://makegood.test/api"), undefined)).status;
}

beforeAll(async () => {
  await seedDatabase(process.env.DATABASE_DIRECT_URL!);
});

beforeEach(() => {
  vi.mocked(signInAgain).mockClear();
});

describe("disabling a staff account", () => {
  let agentsCookie: SessionClaims;

  it("ends its open sessions at once, for pages, actions and routes, and stops it signing in", async () => {
    agentsCookie = await sessionIssuedNow(agent);
    signedInWith(agentsCookie);
    expect(await currentUser()).toMatchObject({ email: agent });
    expect(await statusOf(getTeam)).toBe(200);

    signedInAs(admin);
    const state = await disableStaffAction(idleState, form({ id: (await account(agent)).id }));
    expect(state).toEqual({ status: "success", message: "Avery Agent is disabled and signed out everywhere." });

    signedInWith(agentsCookie);
    expect(await currentUser()).toBeNull();
    expect(await redirectTarget(() => requirePageUser(staffRoles))).toBe("/login");
    expect(await setAvailabilityAction(idleState, form({ availability: "on_duty" }))).toMatchObject({
      code: "auth.required",
    });
    expect(await statusOf(getTeam)).toBe(401);
    expect((await account(agent)).availability).toBe("away");

    expect(await authenticate({ email: agent, password: demoPassword }, "10.7.0.1")).toEqual({
      ok: false,
      code: "disabled",
    });
    // Someone without the password learns nothing about the account.
    expect(await authenticate({ email: agent, password: "a guess" }, "10.7.0.1")).toEqual({
      ok: false,
      code: "invalid_credentials",
    });

    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "staff.disabled"));
    expect(event).toMatchObject({ actorId: (await account(admin)).id, targetId: (await account(agent)).id });
  });

  it("can be undone: the account signs in again, but the sessions it had stay ended", async () => {
    signedInAs(admin);
    const state = await enableStaffAction(idleState, form({ id: (await account(agent)).id }));
    expect(state).toEqual({ status: "success", message: "Avery Agent can sign in again." });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "staff.enabled"))).toHaveLength(1);

    signedInWith(agentsCookie);
    expect(await currentUser()).toBeNull();
    const signedIn = await authenticate({ email: agent, password: demoPassword }, "10.7.0.2");
    expect(signedIn).toMatchObject({ ok: true, user: { sessionVersion: agentsCookie.version + 1 } });
    signedInWith({ userId: agentsCookie.userId, version: agentsCookie.version + 1 });
    expect(await currentUser()).toMatchObject({ email: agent });
  });

  it("refuses an admin's own account, the last enabled admin and any non-admin, writing nothing", async () => {
    const written = await auditCount();
    signedInAs(admin);
    expect(await disableStaffAction(idleState, form({ id: (await account(admin)).id }))).toMatchObject({
      code: "staff.own_account",
    });
    signedInAs(agent);
    expect(await disableStaffAction(idleState, form({ id: (await account(admin)).id }))).toMatchObject({
      code: "auth.forbidden",
    });
    signedInAs(admin);
    expect(await disableStaffAction(idleState, form({ id: (await account(customer)).id }))).toMatchObject({
      code: "staff.not_found",
    });
    expect(await disableStaffAction(idleState, form({ id: "not-a-uuid" }))).toMatchObject({
      code: "validation.failed",
    });
    expect(await auditCount()).toBe(written);
    expect((await account(admin)).disabledAt).toBeNull();
  });
});

describe("a role change", () => {
  it("ends the sessions issued under the old role", async () => {
    const agentsCookie = await sessionIssuedNow(agent);
    signedInAs(admin);
    expect(await changeRoleAction(idleState, form({ userId: (await account(agent)).id, role: "admin" }))).toMatchObject(
      { status: "success" },
    );
    signedInWith(agentsCookie);
    expect(await currentUser()).toBeNull();

    signedInAs(admin);
    await changeRoleAction(idleState, form({ userId: (await account(agent)).id, role: "agent" }));
  });
});

describe("changing one's own password", () => {
  const next = "a brand new customer secret";

  it("refuses a wrong current password, a repeat of it, a short or mistyped new one, and writes nothing", async () => {
    signedInAs(customer);
    const before = await account(customer);
    const written = await auditCount();
    const change = (fields: Record<string, string>) =>
      changePasswordAction(
        idleState,
        form({ currentPassword: demoPassword, newPassword: next, repeatedPassword: next, ...fields }),
      );

    expect(await change({ currentPassword: "not my password" })).toMatchObject({
      code: "auth.wrong_password",
      fieldErrors: { currentPassword: "That is not your current password." },
    });
    expect(await change({ newPassword: "too short", repeatedPassword: "too short" })).toMatchObject({
      code: "validation.failed",
      fieldErrors: { newPassword: "The new password needs at least 12 characters." },
    });
    expect(await change({ newPassword: "makegood-demo-2!", repeatedPassword: "makegood-demo-2?" })).toMatchObject({
      code: "validation.failed",
      fieldErrors: { repeatedPassword: "The two new passwords differ." },
    });
    expect(await change({ newPassword: demoPassword, repeatedPassword: demoPassword })).toMatchObject({
      code: "auth.same_password",
      fieldErrors: { newPassword: "Choose a password different from your current one." },
    });

    expect(await account(customer)).toEqual(before);
    expect(await auditCount()).toBe(written);
    expect(signInAgain).not.toHaveBeenCalled();
  });

  it("ends every other session, signs this browser in again, and the new password works", async () => {
    const otherBrowser = await sessionIssuedNow(customer);
    signedInWith(otherBrowser);
    expect(await statusOf(getBalance)).toBe(200);

    const target = await redirectTarget(() =>
      changePasswordAction(
        idleState,
        form({ currentPassword: demoPassword, newPassword: next, repeatedPassword: next }),
      ),
    );

    expect(target).toBe("/account/password?changed=1");
    expect(signInAgain).toHaveBeenCalledWith(customer, next);
    expect(await currentUser()).toBeNull();
    expect(await statusOf(getBalance)).toBe(401);
    expect(await markAllNotificationsReadAction(idleState, form({}))).toMatchObject({ code: "auth.required" });

    expect(await authenticate({ email: customer, password: demoPassword }, "10.8.0.1")).toMatchObject({ ok: false });
    const again = await authenticate({ email: customer, password: next }, "10.8.0.1");
    expect(again).toMatchObject({ ok: true, user: { sessionVersion: otherBrowser.version + 1 } });
    signedInAs(customer);
    expect(await statusOf(getBalance)).toBe(200);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "user.password_changed"))).toEqual([
      expect.objectContaining({ actorId: (await account(customer)).id, targetId: (await account(customer)).id }),
    ]);
  });
});

describe("staff created by an admin", () => {
  const first = "first password from the admin";
  const own = "my very own agent password";

  it("must choose their own password before any page or action lets them in", async () => {
    signedInAs(admin);
    const created = await createStaffAction(
      idleState,
      form({ name: "Nora New", email: "nora@example.com", password: first, role: "agent" }),
    );
    expect(created).toMatchObject({ status: "success" });
    expect(await account("nora@example.com")).toMatchObject({ mustChangePassword: true });

    expect(await authenticate({ email: "nora@example.com", password: first }, "10.9.0.1")).toMatchObject({ ok: true });
    expect(await landingPath("nora@example.com", "/support")).toBe("/account/password");
    signedInAs("nora@example.com");
    expect(await redirectTarget(() => requirePageUser(staffRoles))).toBe("/account/password");
    expect(await requirePageUser(everyRole, { beforePasswordChange: true })).toMatchObject({
      email: "nora@example.com",
    });
    expect(await setAvailabilityAction(idleState, form({ availability: "on_duty" }))).toMatchObject({
      code: "auth.password_change_required",
    });
    expect(await statusOf(getTeam)).toBe(403);

    const target = await redirectTarget(() =>
      changePasswordAction(idleState, form({ currentPassword: first, newPassword: own, repeatedPassword: own })),
    );
    expect(target).toBe("/support");
    expect(signInAgain).toHaveBeenCalledWith("nora@example.com", own);
    expect(await account("nora@example.com")).toMatchObject({ mustChangePassword: false });
    expect(await setAvailabilityAction(idleState, form({ availability: "on_duty" }))).toMatchObject({
      status: "success",
    });
    expect(await landingPath("nora@example.com", "/support")).toBe("/support");
  });
});
