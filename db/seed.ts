import { eq } from "drizzle-orm";
import type { Context, Platform, RefundReason, Role } from "@/db/enums";
import type { RefundRequest } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { grantCredits, registerCustomer, type CustomerDetails, type Grant } from "@/lib/customers/customers";
import { demoOutputSize, runDemoAiService, type DemoOutcome } from "@/lib/generations/demo-ai-service";
import { startGeneration } from "@/lib/generations/lifecycle";
import { samplePng, sampleUrl } from "@/lib/generations/samples";
import { recordPurchase, type PurchaseInput } from "@/lib/purchases/purchases";
import { submitRefundRequest } from "@/lib/refunds/service";
import { connect, type Database } from "./client";
import { customers, features, generations, purchases, refundRequests, users } from "./schema";
import { hostCustomers, queueWork } from "./seed-queue";

export const demoPassword = "makegood-demo";

export const demoUsers: { email: string; name: string; role: Role; customerId?: string }[] = [
  { email: "customer@example.com", name: "Casey Customer", role: "customer", customerId: "demo-customer" },
  { email: "customer2@example.com", name: "Robin Customer", role: "customer", customerId: "demo-customer-2" },
  { email: "agent@example.com", name: "Avery Agent", role: "agent" },
  { email: "admin@example.com", name: "Ada Admin", role: "admin" },
];

const hourMs = 3_600_000;

/** Long-standing customers, so that their reports are not all sent to review for a young account. */
const customerSince = new Date(Date.now() - 120 * 24 * hourMs);

const monthlyAllowance = { key: "seed-monthly-allowance", amount: 200, reason: "Monthly allowance" };

const welcomeCredits = { key: "seed-welcome", amount: 100, reason: "Welcome credits" };

export type HostCustomer = { id: string; email: string; name: string; signedUpHoursAgo: number };

type SeededGeneration = {
  id: string;
  feature: string;
  platform: Platform;
  context?: Context;
  sample: string;
  outcome: DemoOutcome;
  hoursAgo: number;
  prompt?: string;
};

type SeededReport = {
  generationId: string;
  reason: RefundReason;
  details: string;
  /** How long ago the request arrived; without it, it arrives as the seed runs. */
  hoursAgo?: number;
};

/** One customer's generations, then their reports, in order: the policy counts the earlier ones. */
export type SeededWork = { customerId: string; history: SeededGeneration[]; reports: SeededReport[] };

/**
 * The demo customer's past work, in the editor unless said otherwise: mostly fine, with the failures
 * and broken outputs a refund desk has to handle.
 */
const history: SeededGeneration[] = [
  { id: "seed-01", feature: "virtual_model", platform: "ios", sample: "t-shirt", outcome: "success", hoursAgo: 70 },
  { id: "seed-02", feature: "recolor", platform: "android", sample: "sneaker", outcome: "success", hoursAgo: 62 },
  { id: "seed-03", feature: "flat_lay", platform: "web", sample: "handbag", outcome: "failure", hoursAgo: 53 },
  { id: "seed-04", feature: "ai_backgrounds", platform: "android", sample: "sofa", outcome: "success", hoursAgo: 45 },
  { id: "seed-05", feature: "product_beautifier", platform: "ios", sample: "mug", outcome: "blank", hoursAgo: 31 },
  {
    id: "seed-06",
    feature: "studio_shot",
    platform: "web",
    sample: "lamp",
    outcome: "success",
    hoursAgo: 27,
    context: "batch",
  },
  {
    id: "seed-07",
    feature: "ghost_mannequin",
    platform: "android",
    sample: "t-shirt",
    outcome: "undecodable",
    hoursAgo: 20,
  },
  { id: "seed-08", feature: "edit_with_ai", platform: "ios", sample: "handbag", outcome: "failure", hoursAgo: 12 },
  { id: "seed-09", feature: "instagram_story", platform: "web", sample: "sneaker", outcome: "success", hoursAgo: 5 },
  { id: "seed-10", feature: "image_enhancer", platform: "android", sample: "mug", outcome: "success", hoursAgo: 2 },
];

/** Registered once: the sign-up time is relative to the first run, which a later run must not contradict. */
async function seedCustomer(db: Database, id: string, details: CustomerDetails, grant: Grant) {
  const [existing] = await db.select().from(customers).where(eq(customers.id, id));
  if (!existing) await registerCustomer(id, details, db);
  await grantCredits(id, grant, db);
}

async function seedUsers(db: Database) {
  const passwordHash = await hashPassword(demoPassword);
  for (const user of demoUsers) {
    if (user.customerId) {
      await seedCustomer(
        db,
        user.customerId,
        { email: user.email, name: user.name, createdAt: customerSince },
        monthlyAllowance,
      );
    }
    await db
      .insert(users)
      .values({ ...user, customerId: user.customerId ?? null, passwordHash })
      .onConflictDoNothing({ target: users.email });
  }
}

async function seedHostCustomers(db: Database) {
  for (const { id, email, name, signedUpHoursAgo } of hostCustomers) {
    await seedCustomer(
      db,
      id,
      { email, name, createdAt: new Date(Date.now() - signedUpHoursAgo * hourMs) },
      welcomeCredits,
    );
  }
}

/** Goes through the same lifecycle as real generations; one left running by an interrupted seed is finished. */
async function seedGenerations(db: Database, { customerId, history }: SeededWork) {
  const catalog = await db.select({ key: features.key, cost: features.creditCost }).from(features);
  const costs = new Map(catalog.map((feature) => [feature.key, feature.cost]));
  const now = Date.now();
  for (const seeded of history) {
    const [existing] = await db
      .select({ status: generations.status })
      .from(generations)
      .where(eq(generations.id, seeded.id));
    if (existing && existing.status !== "running") continue;
    if (!existing) {
      const cost = costs.get(seeded.feature);
      if (cost === undefined)
        throw new Error(`seeded generation ${seeded.id} names the unknown feature ${seeded.feature}`);
      await startGeneration(
        {
          id: seeded.id,
          customerId,
          feature: seeded.feature,
          platform: seeded.platform,
          context: seeded.context ?? "editor",
          cost,
          createdAt: new Date(now - seeded.hoursAgo * hourMs),
          inputUrl: sampleUrl(seeded.sample),
          prompt: seeded.prompt,
          modelVersion: "demo-1",
          expectedWidth: demoOutputSize,
          expectedHeight: demoOutputSize,
        },
        db,
      );
    }
    const input = await samplePng(seeded.sample);
    if (!input) throw new Error(`seeded generation ${seeded.id} names the missing sample ${seeded.sample}`);
    await runDemoAiService(
      { generationId: seeded.id, featureKey: seeded.feature, input, outcome: seeded.outcome },
      { delayMs: 0, executor: db },
    );
  }
}

/** Reports the demo customer already made, so the gallery, /refunds and the bell have something to show. */
const reports: SeededReport[] = [
  { generationId: "seed-05", reason: "corrupted", details: "The result is an empty white square, the mug is gone." },
  { generationId: "seed-06", reason: "distorted", details: "The lamp shade is bent sideways and the base is cut off." },
];

/**
 * The service stamps a request with the moment it runs, and a queue needs requests of every age. A
 * policy decision is made as the request arrives, so its time moves with it.
 */
async function backdate(db: Database, request: RefundRequest, hoursAgo: number) {
  const at = new Date(Date.now() - hoursAgo * hourMs);
  await db
    .update(refundRequests)
    .set({ createdAt: at, decidedAt: request.decidedAt && at })
    .where(eq(refundRequests.id, request.id));
}

/** A customer with a sign-in reports from the web; the others' hosts report for them through the API. */
async function seedReports(db: Database, { customerId, reports }: SeededWork) {
  const [userRow] = await db.select({ id: users.id }).from(users).where(eq(users.customerId, customerId));
  for (const { hoursAgo, ...seeded } of reports) {
    const [existing] = await db
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(eq(refundRequests.generationId, seeded.generationId));
    if (existing) continue;
    const request = await submitRefundRequest(
      { ...seeded, customerId, source: userRow ? "web" : "api", actorId: userRow?.id ?? null },
      db,
    );
    if (hoursAgo !== undefined) await backdate(db, request, hoursAgo);
  }
}

/** A credit pack the demo customer bought with the demo provider, so that /purchases has something to show. */
const demoPurchase: Omit<PurchaseInput, "purchasedAt"> = {
  id: "seed-purchase-1",
  customerId: "demo-customer",
  product: "credits_100",
  amount: 999,
  currency: "USD",
  paymentRef: "demo_pay_seed-purchase-1",
  provider: "demo",
};

/** Recorded once: its time is relative to the first run, which a later run must not contradict. */
async function seedPurchase(db: Database) {
  const [existing] = await db.select({ id: purchases.id }).from(purchases).where(eq(purchases.id, demoPurchase.id));
  if (!existing) await recordPurchase({ ...demoPurchase, purchasedAt: new Date(Date.now() - 48 * hourMs) }, db);
}

/** Creates the demo data. Safe to run again: what exists is left as it is. */
export async function seedDatabase(url: string): Promise<void> {
  const { sql, db } = connect(url, 2);
  try {
    await seedUsers(db);
    await seedHostCustomers(db);
    await seedPurchase(db);
    for (const work of [{ customerId: "demo-customer", history, reports }, ...queueWork]) {
      await seedGenerations(db, work);
      await seedReports(db, work);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
