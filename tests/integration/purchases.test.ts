import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { saveCatalogAction } from "@/app/admin/products/actions";
import { payDemoCheckoutAction } from "@/app/(customer)/purchases/checkout/[sessionId]/actions";
import { GET as getProducts } from "@/pages/api/v1/products";
import { POST as postPurchase } from "@/pages/api/v1/purchases";
import { GET as getPurchase } from "@/pages/api/v1/purchases/[id]";
import { db } from "@/db/client";
import { auditEvents, products, purchases, transfers, webhookEvents } from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import { startCheckout } from "@/lib/purchases/checkout";
import { demoCheckout, payDemoCheckout } from "@/lib/purchases/provider/demo";
import { paymentProvider } from "@/lib/purchases/provider";
import { recordPurchase, type PurchaseInput } from "@/lib/purchases/purchases";
import { hostApi, type Handler } from "../support/api";
import { expectContract, type Method } from "../support/contract";
import { form } from "../support/forms";
import { balanceOf, customerWith } from "../support/ledger";
import { person } from "../support/people";
import { rowsOf } from "../support/rows";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

const call = hostApi();
const hourMs = 3_600_000;
const admin = "catalog-admin@example.com";
const buyer = "buyer@example.com";

const hoursAgo = (hours: number) => new Date(Date.now() - hours * hourMs);

function pack(customerId: string, id: string, changes: Partial<PurchaseInput> = {}): PurchaseInput {
  return { id, customerId, product: "credits_100", amount: 999, currency: "USD", provider: "host", ...changes };
}

async function grantsOf(purchaseId: string) {
  return db
    .select()
    .from(transfers)
    .where(and(eq(transfers.purchaseId, purchaseId), eq(transfers.kind, "purchase")));
}

beforeAll(async () => {
  await person(admin, "admin", { name: "Cat Admin" });
  await person("catalog-agent@example.com", "agent");
  for (const id of ["buyer", "someone-else", "doubles", "host-buyer"]) await customerWith(id, 0);
  await person(buyer, "customer", { customerId: "buyer" });
  await person("someone-else@example.com", "customer", { customerId: "someone-else" });
});

describe("the catalog at /admin/products", () => {
  const catalogForm = (changes: unknown, note = "Spring prices") => form({ changes: JSON.stringify(changes), note });

  it("saves the changed cells in one go with one catalog.changed audit event holding only what changed", async () => {
    signedInAs(admin);
    const state = await saveCatalogAction(
      idleState,
      catalogForm({
        credits_500: { price: "44.99", credits: "550", name: "500 credits" },
        day_pass: { active: false },
      }),
    );
    expect(state).toMatchObject({ status: "success", message: "Saved 3 changes. The next purchase uses them." });
    const [pack500] = await db.select().from(products).where(eq(products.key, "credits_500"));
    expect(pack500).toMatchObject({ amount: 4499, credits: 550, name: "500 credits", currency: "USD" });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "catalog.changed"))
      .orderBy(desc(auditEvents.createdAt));
    expect(event).toMatchObject({
      targetType: "catalog",
      targetId: "products",
      before: { products: { credits_500: { amount: 3999, credits: 500 }, day_pass: { active: true } } },
      after: {
        products: { credits_500: { amount: 4499, credits: 550 }, day_pass: { active: false } },
        note: "Spring prices",
      },
    });
  });

  it("refuses an unchanged draft, an unknown product, a bad price, a missing note, and anyone but an admin, writing nothing", async () => {
    const before = await rowsOf({ products, auditEvents });
    signedInAs(admin);
    expect(await saveCatalogAction(idleState, catalogForm({ credits_500: { credits: "550" } }))).toMatchObject({
      status: "error",
      code: "catalog.unchanged",
    });
    expect(await saveCatalogAction(idleState, catalogForm({ credits_900: { credits: "900" } }))).toMatchObject({
      status: "error",
      code: "product.unknown",
    });
    expect(await saveCatalogAction(idleState, catalogForm({ credits_100: { price: "9.999" } }))).toMatchObject({
      status: "error",
      code: "validation.failed",
      fieldErrors: { "changes.credits_100.price": expect.stringContaining("such as 9.99") },
    });
    expect(await saveCatalogAction(idleState, catalogForm({ credits_100: { credits: "120" } }, " "))).toMatchObject({
      status: "error",
      fieldErrors: { note: "Write a note saying why." },
    });
    signedInAs("catalog-agent@example.com");
    expect(await saveCatalogAction(idleState, catalogForm({ credits_100: { credits: "120" } }))).toMatchObject({
      status: "error",
      code: "auth.forbidden",
    });
    expect(await rowsOf({ products, auditEvents })).toEqual(before);
  });
});

describe("recordPurchase", () => {
  it("grants the product's credits as one purchase transfer and reports purchase.created", async () => {
    const { purchase, balance, replayed } = await recordPurchase(pack("buyer", "grant-1", { paymentRef: "ch_1" }));
    expect(replayed).toBe(false);
    expect(purchase).toMatchObject({ credits: 100, kind: "credit_pack", status: "paid", duplicateOf: null });
    expect(balance.available).toBe(100);
    const grants = await grantsOf("grant-1");
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ amount: 100, idempotencyKey: "purchase:grant-1" });
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.type, "purchase.created"));
    expect(events.map((event) => (event.payload as { data: { purchase: { id: string } } }).data.purchase.id)).toContain(
      "grant-1",
    );
  });

  it("is a retry with the same body, by id or by payment reference, and a mismatch with another", async () => {
    const again = await recordPurchase(pack("buyer", "grant-1", { paymentRef: "ch_1" }));
    expect(again).toMatchObject({ replayed: true, purchase: { id: "grant-1" }, balance: { available: 100 } });
    const sameCharge = await recordPurchase(pack("buyer", "grant-1-again", { paymentRef: "ch_1" }));
    expect(sameCharge).toMatchObject({ replayed: true, purchase: { id: "grant-1" } });
    await expect(recordPurchase(pack("buyer", "grant-1", { paymentRef: "ch_1", amount: 1099 }))).rejects.toMatchObject({
      code: "idempotency.mismatch",
    });
    await expect(recordPurchase(pack("buyer", "grant-2", { paymentRef: "ch_1", amount: 1099 }))).rejects.toMatchObject({
      code: "idempotency.mismatch",
    });
    expect(await grantsOf("grant-1")).toHaveLength(1);
    expect(await db.select().from(purchases).where(eq(purchases.id, "grant-1-again"))).toEqual([]);
    expect((await balanceOf("buyer")).available).toBe(100);
  });

  it("refuses an unknown product and an unknown customer, recording nothing", async () => {
    const before = await rowsOf({ purchases, transfers });
    await expect(recordPurchase(pack("buyer", "nothing-1", { product: "credits_9000" }))).rejects.toMatchObject({
      code: "product.unknown",
    });
    await expect(recordPurchase(pack("nobody", "nothing-2"))).rejects.toMatchObject({ code: "customer.not_found" });
    expect(await rowsOf({ purchases, transfers })).toEqual(before);
  });

  it("grants a product taken off sale, since the money was taken", async () => {
    const { purchase } = await recordPurchase(pack("buyer", "retired-1", { product: "day_pass", amount: 499 }));
    expect(purchase).toMatchObject({ kind: "day_pass", credits: 200 });
  });

  it("flags the same product for the same amount within the duplicate window, and nothing else", async () => {
    const first = await recordPurchase(pack("doubles", "d-1", { purchasedAt: hoursAgo(30) }));
    const late = await recordPurchase(pack("doubles", "d-2", { purchasedAt: hoursAgo(5) }));
    const twice = await recordPurchase(pack("doubles", "d-3", { purchasedAt: hoursAgo(4) }));
    const otherAmount = await recordPurchase(pack("doubles", "d-4", { purchasedAt: hoursAgo(3), amount: 899 }));
    const otherProduct = await recordPurchase(
      pack("doubles", "d-5", { purchasedAt: hoursAgo(2), product: "credits_500", amount: 4499 }),
    );
    const elsewhere = await recordPurchase(pack("buyer", "d-6", { purchasedAt: hoursAgo(4) }));
    expect(first.purchase.duplicateOf).toBeNull();
    expect(late.purchase.duplicateOf).toBeNull();
    expect(twice.purchase.duplicateOf).toBe("d-2");
    expect(otherAmount.purchase.duplicateOf).toBeNull();
    expect(otherProduct.purchase.duplicateOf).toBeNull();
    expect(elsewhere.purchase.duplicateOf).toBeNull();
  });
});

describe("the host API's purchases", () => {
  async function expectAnswer(method: Method, path: string, handler: Handler, options: object, status: number) {
    const response = await call.respond(handler, options);
    const body = await response.clone().json();
    expect(response.status, `${method} ${path}: ${JSON.stringify(body)}`).toBe(status);
    await expectContract(method, path, response);
    return body as Record<string, { code?: string } & Record<string, unknown>>;
  }

  const reported = {
    id: "host-1",
    customerId: "host-buyer",
    product: "credits_100",
    amount: 999,
    currency: "USD",
    paymentRef: "in_host_1",
  };

  it("GET /products lists the catalog", async () => {
    const body = await expectAnswer("get", "/products", getProducts, {}, 200);
    expect(body.products).toContainEqual({
      key: "credits_100",
      name: "100 credits",
      kind: "credit_pack",
      amount: 999,
      currency: "USD",
      credits: 100,
      active: true,
    });
  });

  it("POST /purchases answers 201, then 200 for a retry, 409 for a mismatch, 404 and 422 for what is not there", async () => {
    const created = await expectAnswer("post", "/purchases", postPurchase, { body: reported }, 201);
    expect(created).toMatchObject({
      purchase: { id: "host-1", provider: "host", credits: 100, possibleDuplicate: false, status: "paid" },
      balance: { available: 100 },
    });
    await expectAnswer("post", "/purchases", postPurchase, { body: reported }, 200);
    const mismatch = await expectAnswer("post", "/purchases", postPurchase, { body: { ...reported, amount: 5 } }, 409);
    expect(mismatch.error?.code).toBe("idempotency.mismatch");
    const nobody = await expectAnswer(
      "post",
      "/purchases",
      postPurchase,
      { body: { ...reported, id: "host-2", paymentRef: "in_host_2", customerId: "host-nobody" } },
      404,
    );
    expect(nobody.error?.code).toBe("customer.not_found");
    const unknown = await expectAnswer(
      "post",
      "/purchases",
      postPurchase,
      { body: { ...reported, id: "host-3", paymentRef: "in_host_3", product: "credits_9000" } },
      422,
    );
    expect(unknown.error).toMatchObject({ code: "product.unknown", field: "product" });
    await expectAnswer(
      "post",
      "/purchases",
      postPurchase,
      { body: { ...reported, id: "host-4", currency: "usd" } },
      422,
    );
    const twice = await expectAnswer(
      "post",
      "/purchases",
      postPurchase,
      { body: { ...reported, id: "host-5", paymentRef: "in_host_5" } },
      201,
    );
    expect(twice.purchase).toMatchObject({ possibleDuplicate: true, duplicateOf: "host-1" });
  });

  it("GET /purchases/{id} answers the purchase with its status and refunds, or 404", async () => {
    const body = await expectAnswer("get", "/purchases/{id}", getPurchase, { params: { id: "host-1" } }, 200);
    expect(body.purchase).toMatchObject({
      id: "host-1",
      status: "paid",
      possibleDuplicate: false,
      moneyRefunded: 0,
      creditsReversed: 0,
    });
    const missing = await expectAnswer("get", "/purchases/{id}", getPurchase, { params: { id: "host-none" } }, 404);
    expect(missing.error?.code).toBe("purchase.not_found");
  });
});

describe("the demo provider", () => {
  it("is the provider when Stripe is not configured, and refunds at once", async () => {
    const provider = paymentProvider();
    expect(provider.name).toBe("demo");
    const { refundId } = await provider.refund({
      providerRefundId: "4d6c1a52-0000-4000-8000-000000000001",
      paymentRef: "demo_pay_x",
      amount: 999,
      currency: "USD",
      reason: "duplicate",
    });
    expect(refundId).toMatch(/^demo_re_/);
  });

  it("checks out to its own page, and Pay clicked twice completes the purchase once", async () => {
    const before = (await balanceOf("buyer")).available;
    const { url } = await startCheckout("buyer", "credits_500", "http://makegood.test");
    const sessionId = url.replace("/purchases/checkout/", "");
    expect(url).toMatch(/^\/purchases\/checkout\/demo_cs_/);
    const checkout = await demoCheckout(sessionId, "buyer");
    expect(checkout).toMatchObject({ amount: 4499, currency: "USD", product: { key: "credits_500", credits: 550 } });
    expect(checkout?.successPath).toMatch(/^\/purchases\?purchase=pur_/);
    expect(await demoCheckout(sessionId, "someone-else")).toBeNull();

    signedInAs(buyer);
    const clicks = await Promise.all([
      payDemoCheckoutAction(idleState, form({ sessionId })),
      payDemoCheckoutAction(idleState, form({ sessionId })),
    ]);
    for (const state of clicks) {
      expect(state).toMatchObject({
        status: "success",
        message: "Paid: 550 credits added.",
        outcome: checkout?.successPath,
      });
    }
    const purchaseId = checkout!.purchaseId;
    expect(await grantsOf(purchaseId)).toHaveLength(1);
    const [purchase] = await db.select().from(purchases).where(eq(purchases.id, purchaseId));
    expect(purchase).toMatchObject({ provider: "demo", customerId: "buyer", amount: 4499, credits: 550 });
    expect((await balanceOf("buyer")).available).toBe(before + 550);
  });

  it("refuses another customer's checkout and a broken link, recording nothing", async () => {
    const { url } = await startCheckout("buyer", "credits_100", "http://makegood.test");
    const sessionId = url.replace("/purchases/checkout/", "");
    const before = await rowsOf({ purchases, transfers });
    await expect(payDemoCheckout(sessionId, "someone-else")).rejects.toMatchObject({ code: "purchase.not_found" });
    await expect(payDemoCheckout("demo_cs_broken", "buyer")).rejects.toMatchObject({ code: "purchase.not_found" });
    expect(await rowsOf({ purchases, transfers })).toEqual(before);
  });

  it("does not sell a product taken off sale", async () => {
    await expect(startCheckout("buyer", "day_pass", "http://makegood.test")).rejects.toMatchObject({
      code: "product.unknown",
    });
  });
});
