import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCustomer, PUT as putCustomer } from "@/pages/api/v1/customers/[customerId]";
import { GET as getBalance } from "@/pages/api/v1/customers/[customerId]/balance";
import { POST as postGrant } from "@/pages/api/v1/customers/[customerId]/grants";
import { POST as postGeneration } from "@/pages/api/v1/generations";
import { POST as postBatch } from "@/pages/api/v1/generations/batch";
import { GET as getGeneration } from "@/pages/api/v1/generations/[id]";
import { POST as postFail } from "@/pages/api/v1/generations/[id]/fail";
import { POST as postSucceed } from "@/pages/api/v1/generations/[id]/succeed";
import { PUT as putDispute } from "@/pages/api/v1/disputes/[disputeId]";
import { GET as getRefundInsights } from "@/pages/api/v1/insights/refunds";
import { GET as getDocument } from "@/pages/api/v1/openapi.json";
import { GET as getProducts } from "@/pages/api/v1/products";
import { POST as postPurchase } from "@/pages/api/v1/purchases";
import { GET as getPurchase } from "@/pages/api/v1/purchases/[id]";
import { POST as postPurchaseRefund } from "@/pages/api/v1/purchases/[id]/refund-requests";
import { POST as postRefundRequest } from "@/pages/api/v1/refund-requests";
import { GET as getRefundRequest } from "@/pages/api/v1/refund-requests/[id]";
import { GET as listEndpoints, POST as postEndpoint } from "@/pages/api/v1/webhook-endpoints";
import { DELETE as deleteEndpoint } from "@/pages/api/v1/webhook-endpoints/[id]";
import { openApiDocument } from "@/lib/api/openapi";
import { boughtCreditPack } from "../support/purchases";
import { hostApi, type Call, type Handler } from "../support/api";
import { checkedAnswers, expectContract, type Method } from "../support/contract";
import { establishedCustomer, madeGeneration } from "../support/refunds";

/**
 * Real answers from every host route, success and refusal, checked against the OpenAPI document:
 * the document describes what the API does, not what it was meant to do.
 */

const call = hostApi();

async function expectAnswer(method: Method, path: string, handler: Handler, options: Call, status: number) {
  const response = await call.respond(handler, options);
  expect(response.status, `${method} ${path}`).toBe(status);
  await expectContract(method, path, response);
}

const customer = "contract-customer";
const details = "The sleeves are melted into the background of the picture";
const start = {
  id: "contract-start",
  customerId: customer,
  feature: "recolor",
  platform: "ios",
  context: "editor",
  cost: 2,
};
const missing = { id: "contract-missing" };

beforeAll(async () => {
  await establishedCustomer(customer, 100);
  await madeGeneration(customer, "contract-finished");
  await madeGeneration(customer, "contract-running", {}, {});
});

describe("every host route answers as the OpenAPI document says", () => {
  it("PUT and GET /customers/{customerId}", async () => {
    const path = "/customers/{customerId}";
    const params = { customerId: "contract-new" };
    await expectAnswer("put", path, putCustomer, { params, body: { email: "new@example.com" } }, 201);
    await expectAnswer("put", path, putCustomer, { params, body: { email: "changed@example.com", name: "New" } }, 200);
    await expectAnswer("put", path, putCustomer, { params, body: { email: "not an email" } }, 422);
    await expectAnswer("put", path, putCustomer, { params, raw: '{"email": ' }, 400);
    await expectAnswer("put", path, putCustomer, { params, raw: `{"email": "${"x".repeat(70_000)}"}` }, 413);
    await expectAnswer(
      "put",
      path,
      putCustomer,
      { params, raw: "email=a", headers: { "content-type": "text/plain" } },
      415,
    );
    await expectAnswer(
      "put",
      path,
      putCustomer,
      { params, body: { email: "a@example.com" }, authorization: null },
      401,
    );
    await expectAnswer("get", path, getCustomer, { params }, 200);
    await expectAnswer("get", path, getCustomer, { params: { customerId: "contract-nobody" } }, 404);
    await expectAnswer("get", path, getCustomer, { params: { customerId: "bad id" } }, 422);
  });

  it("POST /customers/{customerId}/grants and GET .../balance", async () => {
    const grants = "/customers/{customerId}/grants";
    const params = { customerId: customer };
    const grant = { key: "contract-grant", amount: 10, reason: "Welcome" };
    await expectAnswer("post", grants, postGrant, { params, body: grant }, 201);
    await expectAnswer("post", grants, postGrant, { params, body: grant }, 200);
    await expectAnswer("post", grants, postGrant, { params, body: { ...grant, amount: 11 } }, 409);
    await expectAnswer("post", grants, postGrant, { params: { customerId: "contract-nobody" }, body: grant }, 404);
    await expectAnswer("post", grants, postGrant, { params, body: { ...grant, amount: 0 } }, 422);
    const balance = "/customers/{customerId}/balance";
    await expectAnswer("get", balance, getBalance, { params }, 200);
    await expectAnswer("get", balance, getBalance, { params: { customerId: "contract-nobody" } }, 404);
  });

  it("POST /generations and GET /generations/{id}", async () => {
    await expectAnswer("post", "/generations", postGeneration, { body: start }, 201);
    await expectAnswer("post", "/generations", postGeneration, { body: start }, 200);
    await expectAnswer("post", "/generations", postGeneration, { body: { ...start, cost: 3 } }, 409);
    await expectAnswer(
      "post",
      "/generations",
      postGeneration,
      { body: { ...start, id: "contract-rich", cost: 10_000 } },
      402,
    );
    await expectAnswer(
      "post",
      "/generations",
      postGeneration,
      { body: { ...start, id: "g2", feature: "nothing" } },
      422,
    );
    await expectAnswer(
      "post",
      "/generations",
      postGeneration,
      { body: { ...start, id: "g3", customerId: "nobody" } },
      404,
    );
    await expectAnswer("get", "/generations/{id}", getGeneration, { params: { id: start.id } }, 200);
    await expectAnswer("get", "/generations/{id}", getGeneration, { params: missing }, 404);
  });

  it("POST /generations/{id}/succeed and /fail", async () => {
    const succeed = "/generations/{id}/succeed";
    const fail = "/generations/{id}/fail";
    const params = { id: start.id };
    await call(postGeneration, { body: start });
    await expectAnswer("post", succeed, postSucceed, { params, body: { outputUrl: "https://cdn.example/c.png" } }, 200);
    await expectAnswer("post", fail, postFail, { params, body: { errorCode: "timeout" } }, 409);
    await expectAnswer(
      "post",
      succeed,
      postSucceed,
      { params: missing, body: { outputUrl: "https://cdn.example/c.png" } },
      404,
    );
    await expectAnswer("post", succeed, postSucceed, { params, body: { outputUrl: "ftp://cdn.example/c.png" } }, 422);
    await call(postGeneration, { body: { ...start, id: "contract-fails" } });
    await expectAnswer(
      "post",
      fail,
      postFail,
      { params: { id: "contract-fails" }, body: { errorCode: "timeout" } },
      200,
    );
    await expectAnswer(
      "post",
      succeed,
      postSucceed,
      { params: { id: "contract-fails" }, body: { outputUrl: "https://a.example/b" } },
      409,
    );
    await expectAnswer("post", fail, postFail, { params: missing, body: { errorCode: "timeout" } }, 404);
  });

  it("POST /generations/batch, with each event's own result", async () => {
    const events = [
      { type: "start", ...start, id: "contract-batch" },
      { type: "succeed", id: "contract-batch", outputUrl: "https://cdn.example/batch.png" },
      { type: "fail", id: "contract-batch", errorCode: "late" },
      { type: "start", ...start, id: "contract-batch-2", cost: 0 },
      { type: "fail", ...missing, errorCode: "late" },
    ];
    const response = await call.respond(postBatch, { body: { events } });
    const { results } = (await response.clone().json()) as { results: { status: number }[] };
    expect(results.map((result) => result.status)).toEqual([201, 200, 409, 422, 404]);
    await expectContract("post", "/generations/batch", response);
    await expectAnswer("post", "/generations/batch", postBatch, { body: { events: [] } }, 422);
  });

  it("POST and GET /refund-requests", async () => {
    const report = { generationId: "contract-finished", customerId: customer, reason: "artifacts", details };
    const created = await call.respond(postRefundRequest, { body: report });
    const { request } = (await created.clone().json()) as { request: { id: string } };
    expect(created.status).toBe(201);
    await expectContract("post", "/refund-requests", created);
    await expectAnswer("post", "/refund-requests", postRefundRequest, { body: report }, 409);
    const running = { ...report, generationId: "contract-running" };
    await expectAnswer("post", "/refund-requests", postRefundRequest, { body: running }, 409);
    await expectAnswer(
      "post",
      "/refund-requests",
      postRefundRequest,
      { body: { ...report, generationId: "nope" } },
      404,
    );
    await expectAnswer("post", "/refund-requests", postRefundRequest, { body: { ...report, reason: "meh" } }, 422);
    await expectAnswer("get", "/refund-requests/{id}", getRefundRequest, { params: { id: request.id } }, 200);
    await expectAnswer("get", "/refund-requests/{id}", getRefundRequest, { params: missing }, 404);
  });

  it("POST, GET and DELETE /webhook-endpoints", async () => {
    const endpoint = { url: "http://127.0.0.1:9/hooks", events: ["refund_request.decided"], description: "Contract" };
    const created = await call.respond(postEndpoint, { body: endpoint });
    const { endpoint: made } = (await created.clone().json()) as { endpoint: { id: string } };
    expect(created.status).toBe(201);
    await expectContract("post", "/webhook-endpoints", created);
    await expectAnswer("post", "/webhook-endpoints", postEndpoint, { body: { ...endpoint, events: ["nothing"] } }, 422);
    await expectAnswer("get", "/webhook-endpoints", listEndpoints, {}, 200);
    await expectAnswer("get", "/webhook-endpoints", listEndpoints, { authorization: "Bearer mg_live_wrong" }, 401);
    await expectAnswer("delete", "/webhook-endpoints/{id}", deleteEndpoint, { params: { id: made.id } }, 204);
    await expectAnswer("delete", "/webhook-endpoints/{id}", deleteEndpoint, { params: { id: made.id } }, 404);
  });

  it("GET /products, POST /purchases and GET /purchases/{id}", async () => {
    await expectAnswer("get", "/products", getProducts, {}, 200);
    await expectAnswer("get", "/products", getProducts, { authorization: null }, 401);
    const purchase = {
      id: "contract-purchase",
      customerId: customer,
      product: "credits_100",
      amount: 999,
      currency: "USD",
    };
    await expectAnswer("post", "/purchases", postPurchase, { body: purchase }, 201);
    await expectAnswer("post", "/purchases", postPurchase, { body: purchase }, 200);
    await expectAnswer("post", "/purchases", postPurchase, { body: { ...purchase, amount: 1 } }, 409);
    await expectAnswer(
      "post",
      "/purchases",
      postPurchase,
      { body: { ...purchase, id: "p2", customerId: "nobody" } },
      404,
    );
    await expectAnswer("post", "/purchases", postPurchase, { body: { ...purchase, id: "p3", product: "none" } }, 422);
    await expectAnswer("get", "/purchases/{id}", getPurchase, { params: { id: purchase.id } }, 200);
    await expectAnswer("get", "/purchases/{id}", getPurchase, { params: missing }, 404);
  });

  it("POST /purchases/{id}/refund-requests", async () => {
    const path = "/purchases/{id}/refund-requests";
    await establishedCustomer("contract-refunder", 10);
    await boughtCreditPack("contract-refunder", "contract-refunded");
    const params = { id: "contract-refunded" };
    const body = { customerId: "contract-refunder", reason: "accidental", details };
    await expectAnswer("post", path, postPurchaseRefund, { params, body }, 201);
    await expectAnswer("post", path, postPurchaseRefund, { params, body }, 409);
    await expectAnswer("post", path, postPurchaseRefund, { params: missing, body }, 404);
    await expectAnswer("post", path, postPurchaseRefund, { params, body: { ...body, reason: "none" } }, 422);
  });

  it("PUT /disputes/{disputeId}", async () => {
    const path = "/disputes/{disputeId}";
    await establishedCustomer("contract-disputer", 10);
    await boughtCreditPack("contract-disputer", "contract-disputed");
    const params = { disputeId: "contract-dispute" };
    const body = { purchaseId: "contract-disputed", status: "open" };
    await expectAnswer("put", path, putDispute, { params, body }, 201);
    await expectAnswer("put", path, putDispute, { params, body: { ...body, status: "won" } }, 200);
    await expectAnswer("put", path, putDispute, { params, body }, 409);
    await expectAnswer("put", path, putDispute, { params, body: { ...body, purchaseId: "nope" } }, 404);
    await expectAnswer("put", path, putDispute, { params, body: { ...body, status: "closed" } }, 422);
  });

  it("GET /insights/refunds", async () => {
    const path = "/insights/refunds";
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const query = { from: today, to: tomorrow, by: "feature" };
    await expectAnswer("get", path, getRefundInsights, { query }, 200);
    await expectAnswer("get", path, getRefundInsights, { query: { ...query, to: today } }, 422);
    await expectAnswer("get", path, getRefundInsights, { query: { ...query, by: "colour" } }, 422);
  });

  it("GET /openapi.json, with no key", async () => {
    await expectContract("get", "/openapi.json", await call.respond(getDocument, { authorization: null }));
  });

  it("checked a success and a refusal of every operation", () => {
    for (const [path, item] of Object.entries(openApiDocument().paths ?? {})) {
      for (const method of ["get", "put", "post", "delete"] as const) {
        if (!item[method]) continue;
        const statuses = [...checkedAnswers]
          .filter((key) => key.startsWith(`${method} ${path} `))
          .map((key) => key.split(" ")[2]);
        expect(
          statuses.some((status) => status?.startsWith("2")),
          `${method} ${path} success`,
        ).toBe(true);
        if (path !== "/openapi.json") {
          expect(
            statuses.some((status) => status?.startsWith("4")),
            `${method} ${path} refusal`,
          ).toBe(true);
        }
      }
    }
  });
});
