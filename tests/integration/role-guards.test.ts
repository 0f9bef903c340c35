import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { setAvailabilityAction } from "@/app/support/actions";
import { GET as getTeam } from "@/app/api/support/team/route";
import { idleState } from "@/lib/auth/action-state.shared";
import { form } from "../support/forms";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

async function userIdOf(email: string) {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user!.id;
}

const availabilityForm = (availability: string) => form({ availability });

async function agentAvailability() {
  const [agent] = await db
    .select({ availability: users.availability })
    .from(users)
    .where(eq(users.email, "agent@example.com"));
  return agent!.availability;
}

const availabilityEvents = () =>
  db.select().from(auditEvents).where(eq(auditEvents.action, "staff.availability_changed"));
const auditCount = async () => (await availabilityEvents()).length;

beforeAll(async () => {
  await seedDatabase(process.env.DATABASE_DIRECT_URL!);
});

describe("an agent-only server action", () => {
  it("refuses a customer session and writes nothing", async () => {
    signedInAs("customer@example.com");
    const state = await setAvailabilityAction(idleState, availabilityForm("on_duty"));
    expect(state).toMatchObject({ status: "error", code: "auth.forbidden" });
    const [customer] = await db.select().from(users).where(eq(users.email, "customer@example.com"));
    expect(customer!.availability).toBe("away");
    expect(await auditCount()).toBe(0);
  });

  it("refuses an anonymous caller and writes nothing", async () => {
    signedInAs(null);
    const state = await setAvailabilityAction(idleState, availabilityForm("on_duty"));
    expect(state).toMatchObject({ status: "error", code: "auth.required" });
    expect(await agentAvailability()).toBe("away");
    expect(await auditCount()).toBe(0);
  });

  it("refuses bad input from an agent with a field message and writes nothing", async () => {
    signedInAs("agent@example.com");
    const state = await setAvailabilityAction(idleState, availabilityForm("sleeping"));
    expect(state).toMatchObject({
      status: "error",
      code: "validation.failed",
      fieldErrors: { availability: "Choose on duty or away." },
    });
    expect(await agentAvailability()).toBe("away");
    expect(await auditCount()).toBe(0);
  });

  it("lets an agent through, and records who changed what", async () => {
    signedInAs("agent@example.com");
    const state = await setAvailabilityAction(idleState, availabilityForm("on_duty"));
    expect(state).toEqual({ status: "success", message: "You are now on duty." });
    expect(await agentAvailability()).toBe("on_duty");
    const [event] = await availabilityEvents();
    expect(event).toMatchObject({
      actorId: await userIdOf("agent@example.com"),
      action: "staff.availability_changed",
      before: { availability: "away" },
      after: { availability: "on_duty" },
    });
  });
});

describe("an agent-only route", () => {
  const request = () => new Request("http://localhost/api/support/team");

  it("answers 403 to a customer and 401 to nobody", async () => {
    signedInAs("customer@example.com");
    const forbidden = await getTeam(request(), undefined);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: { code: "auth.forbidden", message: "You do not have access to this." },
    });

    signedInAs(null);
    const anonymous = await getTeam(request(), undefined);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("auth.required");
  });

  it("serves the team to an admin", async () => {
    signedInAs("admin@example.com");
    const response = await getTeam(request(), undefined);
    expect(response.status).toBe(200);
    const { team } = await response.json();
    expect(team.map((member: { email: string }) => member.email).sort()).toEqual([
      "admin@example.com",
      "agent@example.com",
    ]);
  });
});
