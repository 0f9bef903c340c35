import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { saveEligibilityAction } from "@/app/admin/eligibility/actions";
import { savePolicyAction } from "@/app/admin/policy/actions";
import { db } from "@/db/client";
import {
  auditEvents,
  contextEligibility,
  featureEligibility,
  features,
  generations,
  refundPolicies,
} from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import { defaultPolicyFields, form } from "../support/forms";
import { person } from "../support/people";
import { establishedCustomer, madeGeneration, report } from "../support/refunds";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

const agent = "agent@example.com";
const admin = "admin@example.com";
let adminId = "";

/** The form as the page sends it for version 1's defaults, with some fields changed. */
function policyForm(changes: Record<string, string | undefined> = {}) {
  const fields: Record<string, string | undefined> = {
    ...defaultPolicyFields,
    note: "Tightening after the spring review",
    ...changes,
  };
  return form(
    Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  );
}

function eligibilityForm(changes: unknown, note = "Android backgrounds are broken this week") {
  return form({ changes: JSON.stringify(changes), note });
}

/** Everything either action could write. */
async function settings() {
  return {
    features: await db.select().from(features).orderBy(features.key),
    platforms: await db
      .select()
      .from(featureEligibility)
      .orderBy(featureEligibility.featureKey, featureEligibility.platform),
    contexts: await db.select().from(contextEligibility).orderBy(contextEligibility.context),
    policies: await db.select().from(refundPolicies).orderBy(refundPolicies.version),
    audit: await db.select().from(auditEvents),
  };
}

beforeAll(async () => {
  await person(agent, "agent", { name: "Avery" });
  adminId = (await person(admin, "admin", { name: "Ada" })).id;
  await establishedCustomer("admin-test-customer", 200);
});

describe("who may change the rules", () => {
  it("refuses an agent on both admin actions and writes nothing", async () => {
    signedInAs(agent);
    const before = await settings();

    const eligibility = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { ai_backgrounds: { android: false } }, contexts: { batch: true } }),
    );
    const policy = await savePolicyAction(idleState, policyForm({ windowHours: "1" }));

    for (const state of [eligibility, policy]) {
      expect(state).toMatchObject({ status: "error", code: "auth.forbidden" });
    }
    expect(await settings()).toEqual(before);
  });
});

describe("bad values", () => {
  it("gives the eligibility draft field messages and writes nothing", async () => {
    signedInAs(admin);
    const before = await settings();

    const zero = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { logo: { creditCost: "0", android: false } }, contexts: {} }),
    );
    const fraction = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { logo: { creditCost: "1.5" } }, contexts: {} }),
    );
    const words = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { logo: { creditCost: "many" } }, contexts: {} }),
    );
    const huge = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { logo: { creditCost: "100001" } }, contexts: {} }),
    );
    const noNote = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { logo: { ios: false } }, contexts: {} }, "  "),
    );
    const unknown = await saveEligibilityAction(
      idleState,
      eligibilityForm({ features: { teleport: { web: true } }, contexts: {} }),
    );

    const costField = "changes.features.logo.creditCost";
    expect(zero).toMatchObject({
      code: "validation.failed",
      fieldErrors: { [costField]: "The cost must be at least 1 credit." },
    });
    expect(fraction).toMatchObject({ fieldErrors: { [costField]: "Enter the cost as a whole number." } });
    expect(words).toMatchObject({ fieldErrors: { [costField]: "Enter the cost as a whole number." } });
    expect(huge).toMatchObject({ fieldErrors: { [costField]: "The cost must be at most 100,000 credits." } });
    expect(noNote).toMatchObject({ code: "validation.failed", fieldErrors: { note: "Write a note saying why." } });
    expect(unknown).toMatchObject({ status: "error", code: "feature.unknown" });
    expect(await settings()).toEqual(before);
  });

  it("gives the policy form field messages and writes nothing", async () => {
    signedInAs(admin);
    const before = await settings();

    const cases = [
      [{ windowHours: "0" }, "windowHours", "Refund window must be at least 1 hour."],
      [{ windowHours: "-5" }, "windowHours", "Refund window must be at least 1 hour."],
      [{ windowHours: "" }, "windowHours", "Enter the refund window."],
      [{ windowHours: "2.5" }, "windowHours", "Refund window must be a whole number."],
      [{ softLimitRequests: "30" }, "softLimitRequests", "The soft limit cannot be above the hard limit."],
      [{ refundedSharePercent: "101" }, "refundedSharePercent", "Refunded share must be between 0% and 100%."],
      [
        { minAccountAgeHours: "-1" },
        "minAccountAgeHours",
        "Minimum account age must be between 0 hours and 8760 hours.",
      ],
      [{ holdExpiryMinutes: "0" }, "holdExpiryMinutes", "Hold expiry must be at least 1 minute."],
      [{ note: "" }, "note", "Write a note saying why."],
    ] as const;
    for (const [changes, field, message] of cases) {
      const state = await savePolicyAction(idleState, policyForm(changes));
      expect(state, JSON.stringify(changes)).toMatchObject({
        code: "validation.failed",
        fieldErrors: { [field]: message },
      });
    }
    const unchanged = await savePolicyAction(idleState, policyForm());
    expect(unchanged).toMatchObject({ status: "error", code: "policy.unchanged" });
    expect(await settings()).toEqual(before);
  });
});

describe("an admin's save", () => {
  it("writes the eligibility draft with one audit event, and the next request is decided by it", async () => {
    signedInAs(admin);

    const state = await saveEligibilityAction(
      idleState,
      eligibilityForm({
        features: { ai_backgrounds: { android: false, creditCost: "3", ios: false }, logo: { decisionMode: "review" } },
        contexts: { batch: false },
      }),
    );

    // ios and batch were off already: they are no change and are left out of the record.
    expect(state).toMatchObject({ status: "success", message: "Saved 3 changes. The next refund request uses them." });
    const [backgrounds] = await db.select().from(features).where(eq(features.key, "ai_backgrounds"));
    expect(backgrounds).toMatchObject({ creditCost: 3 });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "eligibility.changed"));
    expect(event).toMatchObject({
      actorId: adminId,
      targetType: "eligibility",
      before: {
        features: { ai_backgrounds: { android: true, creditCost: 2 }, logo: { decisionMode: "instant" } },
        contexts: {},
      },
      after: {
        features: { ai_backgrounds: { android: false, creditCost: 3 }, logo: { decisionMode: "review" } },
        contexts: {},
        note: "Android backgrounds are broken this week",
      },
    });

    await madeGeneration("admin-test-customer", "admin-android-backgrounds", {
      feature: "ai_backgrounds",
      platform: "android",
    });
    expect(await report("admin-test-customer", "admin-android-backgrounds")).toMatchObject({
      status: "denied",
      decisionCode: "feature.not_eligible",
    });
  });

  it("saves the policy as a new version with its audit event, and requests and holds use it at once", async () => {
    signedInAs(admin);
    const [before] = await db.select().from(refundPolicies).orderBy(desc(refundPolicies.version)).limit(1);

    const state = await savePolicyAction(
      idleState,
      policyForm({ windowHours: "1", holdExpiryMinutes: "30", denyDownloadedThenUsed: "on" }),
    );

    const [saved] = await db.select().from(refundPolicies).orderBy(desc(refundPolicies.version)).limit(1);
    expect(saved).toMatchObject({
      version: before!.version + 1,
      windowHours: 1,
      holdExpiryMinutes: 30,
      denyDownloadedThenUsed: true,
      softLimitRequests: 5,
      note: "Tightening after the spring review",
      authorId: adminId,
    });
    expect(state).toEqual({
      status: "success",
      message: `Saved as version ${saved!.version}. The next refund request uses it.`,
      outcome: String(saved!.version),
    });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "policy.changed"));
    expect(event).toMatchObject({
      actorId: adminId,
      targetType: "refund_policy",
      targetId: String(saved!.version),
      before: { version: before!.version, windowHours: 72, holdExpiryMinutes: 15, denyDownloadedThenUsed: false },
      after: { version: saved!.version, windowHours: 1, holdExpiryMinutes: 30, denyDownloadedThenUsed: true },
    });

    await madeGeneration("admin-test-customer", "admin-two-hours-old", { hoursAgo: 2 });
    expect(await report("admin-test-customer", "admin-two-hours-old")).toMatchObject({
      status: "denied",
      decisionCode: "refund.window_expired",
      policyVersion: saved!.version,
    });
    const [generation] = await db.select().from(generations).where(eq(generations.id, "admin-two-hours-old"));
    const holdMinutes = (generation!.holdExpiresAt.getTime() - Date.now()) / 60_000;
    expect(holdMinutes).toBeGreaterThan(25);
    expect(holdMinutes).toBeLessThanOrEqual(30);
  });
});
