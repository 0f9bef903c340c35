import "server-only";
import { z } from "zod";
import { createDocument, createSchema, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { webhookEventTypes } from "@/db/enums";
import { errorStatus, type ErrorCode, type ErrorStatus } from "@/lib/errors";
import { webhookEventMeaning } from "@/lib/webhooks/event-types.shared";
import { maxBatchBodyBytes } from "./generation-batch";
import { insightRefundsQuery, refundInsightsSchema } from "./insight-schemas";
import { maxBodyBytes } from "./json-body";
import {
  disputeBody,
  disputeParams,
  purchaseBody,
  purchaseParams,
  purchaseRefundRequestBody,
} from "./purchase-schemas";
import {
  customerBody,
  customerParams,
  failBody,
  generationBatchBody,
  generationParams,
  grantBody,
  refundRequestBody,
  refundRequestParams,
  startGenerationBody,
  succeedBody,
} from "./schemas";
import {
  balanceSchema,
  batchResultSchema,
  customerSchema,
  customerWithBalanceSchema,
  disputeAnswerSchema,
  errorObjectSchema,
  generationResultSchema,
  generationSchema,
  productSchema,
  purchaseRefundRequestSchema,
  purchaseResultSchema,
  purchaseSchema,
  refundRequestSchema,
} from "./serializers";
import {
  webhookEndpointBody,
  webhookEndpointCreatedSchema,
  webhookEndpointParams,
  webhookEndpointSchema,
} from "./webhook-schemas";

/**
 * The OpenAPI document of the host API, generated from the zod schemas that validate its requests and
 * type its answers. Each route lists the refusals of its own domain call; the ones the host route
 * wrapper gives (a bad key, a bad path or body) are added here, once, for every route.
 */

const tags = [
  "Customers",
  "Generations",
  "Refund requests",
  "Purchases",
  "Webhooks",
  "Insights",
  "Description",
] as const;

const successes = [200, 201, 204] as const;

type Answer = { description: string; schema?: z.ZodType };

type Route = {
  method: "get" | "put" | "post" | "delete";
  /** Below the server's /api/v1, with path parameters in braces. */
  path: string;
  operationId: string;
  tag: (typeof tags)[number];
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body limit when it is not the usual one. */
  maxBodyBytes?: number;
  answers: Partial<Record<(typeof successes)[number], Answer>>;
  /** Refusals of the route's own domain call. */
  refusals?: readonly ErrorCode[];
  /** The document itself: no API key, and none of the host route wrapper's answers. */
  open?: true;
};

const customerAnswer = z.object({ customer: customerSchema });
const balanceAnswer = z.object({ balance: balanceSchema });
const requestAnswer = z.object({ request: refundRequestSchema });
const purchaseAnswer = z.object({ purchase: purchaseSchema });
const startRefusals = [
  "account.frozen",
  "credits.insufficient",
  "customer.not_found",
  "feature.unknown",
  "idempotency.mismatch",
] as const;
const finishRefusals = ["generation.not_found", "generation.already_resolved"] as const;

const routes: Route[] = [
  {
    method: "put",
    path: "/customers/{customerId}",
    operationId: "putCustomer",
    tag: "Customers",
    summary: "Create or update a customer",
    description: "An upsert: stores the fields given, on a new customer (201) or an existing one (200).",
    params: customerParams,
    body: customerBody,
    answers: {
      201: { description: "Created", schema: customerAnswer },
      200: { description: "Stored on the existing customer", schema: customerAnswer },
    },
  },
  {
    method: "get",
    path: "/customers/{customerId}",
    operationId: "getCustomer",
    tag: "Customers",
    summary: "Read a customer and their balance",
    params: customerParams,
    answers: { 200: { description: "The customer and their balance", schema: customerWithBalanceSchema } },
    refusals: ["customer.not_found"],
  },
  {
    method: "post",
    path: "/customers/{customerId}/grants",
    operationId: "grantCredits",
    tag: "Customers",
    summary: "Grant credits",
    description: "The same key and body again is a retry (200), not a second grant.",
    params: customerParams,
    body: grantBody,
    answers: {
      201: { description: "Granted", schema: balanceAnswer },
      200: { description: "A retry of a grant already made", schema: balanceAnswer },
    },
    refusals: ["customer.not_found", "idempotency.mismatch"],
  },
  {
    method: "get",
    path: "/customers/{customerId}/balance",
    operationId: "getBalance",
    tag: "Customers",
    summary: "Read a customer's balance",
    params: customerParams,
    answers: { 200: { description: "The balance", schema: balanceAnswer } },
    refusals: ["customer.not_found"],
  },
  {
    method: "post",
    path: "/generations",
    operationId: "startGeneration",
    tag: "Generations",
    summary: "Start a generation",
    description: "Holds the generation's cost. The same id and body again is a retry (200).",
    body: startGenerationBody,
    answers: {
      201: { description: "Started: credits held", schema: generationResultSchema },
      200: { description: "A retry of a start already recorded", schema: generationResultSchema },
    },
    refusals: startRefusals,
  },
  {
    method: "get",
    path: "/generations/{id}",
    operationId: "getGeneration",
    tag: "Generations",
    summary: "Read a generation",
    params: generationParams,
    answers: { 200: { description: "The generation", schema: z.object({ generation: generationSchema }) } },
    refusals: ["generation.not_found"],
  },
  {
    method: "post",
    path: "/generations/{id}/succeed",
    operationId: "succeedGeneration",
    tag: "Generations",
    summary: "Report a generation's success",
    description: "Captures the hold. Calling it again is a retry and answers the same.",
    params: generationParams,
    body: succeedBody,
    answers: { 200: { description: "Succeeded: hold captured", schema: generationResultSchema } },
    refusals: finishRefusals,
  },
  {
    method: "post",
    path: "/generations/{id}/fail",
    operationId: "failGeneration",
    tag: "Generations",
    summary: "Report a generation's failure",
    description: "Releases the hold: the credits are refunded automatically. Calling it again is a retry.",
    params: generationParams,
    body: failBody,
    answers: { 200: { description: "Failed: hold released", schema: generationResultSchema } },
    refusals: finishRefusals,
  },
  {
    method: "post",
    path: "/generations/batch",
    operationId: "applyGenerationEvents",
    tag: "Generations",
    summary: "Report many generation events at once",
    description: [
      "Up to 1,000 events, applied in order: `start` takes the body of POST /generations, `succeed` an `id` and the body of its call, `fail` likewise.",
      "Each event is applied exactly as its single call would be, with the same idempotency, and its result carries that call's status and body;",
      `a refused event's \`error\` is one of: ${["validation.failed", ...startRefusals, ...finishRefusals].join(", ")}. One event's refusal never stops the others.`,
    ].join(" "),
    body: generationBatchBody,
    maxBodyBytes: maxBatchBodyBytes,
    answers: {
      200: { description: "One result per event, in order", schema: z.object({ results: z.array(batchResultSchema) }) },
    },
  },
  {
    method: "post",
    path: "/refund-requests",
    operationId: "reportBadResult",
    tag: "Refund requests",
    summary: "Report a bad result",
    description:
      "The policy decides at once or sends the request to review. A request the policy refuses is still created, denied with its reason code. A second report of the same generation is refused with refund.duplicate, whose `requestId` names the first.",
    body: refundRequestBody,
    answers: { 201: { description: "Created", schema: requestAnswer } },
    refusals: ["account.frozen", "generation.not_found", "generation.not_finished", "refund.duplicate"],
  },
  {
    method: "get",
    path: "/refund-requests/{id}",
    operationId: "getRefundRequest",
    tag: "Refund requests",
    summary: "Read a refund request",
    params: refundRequestParams,
    answers: { 200: { description: "The request", schema: requestAnswer } },
    refusals: ["refund_request.not_found"],
  },
  {
    method: "put",
    path: "/disputes/{disputeId}",
    operationId: "putDispute",
    tag: "Purchases",
    summary: "Report a dispute of a purchase, or its outcome",
    description: [
      "An upsert by the dispute's id. `open` freezes the customer (no generations, no refund requests) and holds the purchase's unspent credits;",
      "`won` releases them; `lost` takes them back. Either ends the freeze unless another open dispute keeps it.",
      "A dispute first reported already ended is recorded as ended (lost: the unspent credits are taken back at once).",
      "An ended dispute never changes: the same report again is a retry (200), anything else dispute.invalid_transition.",
    ].join(" "),
    params: disputeParams,
    body: disputeBody,
    answers: {
      201: { description: "Recorded", schema: disputeAnswerSchema },
      200: { description: "Changed, or a retry of what is already recorded", schema: disputeAnswerSchema },
    },
    refusals: ["purchase.not_found", "dispute.invalid_transition"],
  },
  {
    method: "get",
    path: "/products",
    operationId: "listProducts",
    tag: "Purchases",
    summary: "List the catalog's products",
    description: "Every product, in the catalog's order: a purchase names one by its key.",
    answers: { 200: { description: "The catalog", schema: z.object({ products: z.array(productSchema) }) } },
  },
  {
    method: "post",
    path: "/purchases",
    operationId: "recordPurchase",
    tag: "Purchases",
    summary: "Report a purchase",
    description:
      "Grants the product's credits. The same id and body again, or the same paymentRef, is a retry (200). A purchase of the same product for the same amount within the duplicate window (24 hours) after another is flagged possibleDuplicate.",
    body: purchaseBody,
    answers: {
      201: { description: "Recorded: credits granted", schema: purchaseResultSchema },
      200: { description: "A retry of a purchase already recorded", schema: purchaseResultSchema },
    },
    refusals: ["customer.not_found", "product.unknown", "idempotency.mismatch"],
  },
  {
    method: "get",
    path: "/purchases/{id}",
    operationId: "getPurchase",
    tag: "Purchases",
    summary: "Read a purchase",
    params: purchaseParams,
    answers: { 200: { description: "The purchase, with what was refunded of it", schema: purchaseAnswer } },
    refusals: ["purchase.not_found"],
  },
  {
    method: "post",
    path: "/purchases/{id}/refund-requests",
    operationId: "requestPurchaseRefund",
    tag: "Purchases",
    summary: "Ask for a purchase's money back",
    description: [
      "The policy decides at once or sends the request to review, with a rule trace. A possible duplicate is approved in full; a purchase whose credits are untouched is approved.",
      "An approval reverses min(credits still unreversed, available) and refunds the money in proportion, rounded down: `creditsReversed` and `moneyRefunded` say how much.",
      "A refused request is still created, denied with its code: purchase_refund.window_expired, purchase_refund.day_pass_used, purchase_refund.renewal_not_cancelled or account.suspended.",
      "A purchase has one refund request: a second is refused with refund.duplicate, whose `requestId` names the first. Another customer's purchase is purchase.not_found.",
    ].join(" "),
    params: purchaseParams,
    body: purchaseRefundRequestBody,
    answers: { 201: { description: "Created", schema: z.object({ request: purchaseRefundRequestSchema }) } },
    refusals: ["account.frozen", "purchase.not_found", "refund.duplicate"],
  },
  {
    method: "post",
    path: "/webhook-endpoints",
    operationId: "createWebhookEndpoint",
    tag: "Webhooks",
    summary: "Subscribe an endpoint to events",
    description: "The answer holds the signing secret, the only time it is shown.",
    body: webhookEndpointBody,
    answers: { 201: { description: "Created", schema: webhookEndpointCreatedSchema } },
    refusals: ["webhook_endpoint.url_refused"],
  },
  {
    method: "get",
    path: "/webhook-endpoints",
    operationId: "listWebhookEndpoints",
    tag: "Webhooks",
    summary: "List the endpoints",
    answers: {
      200: { description: "Every endpoint", schema: z.object({ endpoints: z.array(webhookEndpointSchema) }) },
    },
  },
  {
    method: "delete",
    path: "/webhook-endpoints/{id}",
    operationId: "deleteWebhookEndpoint",
    tag: "Webhooks",
    summary: "Delete an endpoint",
    params: webhookEndpointParams,
    answers: { 204: { description: "Deleted: nothing more is sent to it" } },
    refusals: ["webhook_endpoint.not_found"],
  },
  {
    method: "get",
    path: "/insights/refunds",
    operationId: "getRefundInsights",
    tag: "Insights",
    summary: "Refund figures by feature, platform or model version",
    description:
      'Counted by the generation\'s createdAt in [from, to). creditsSpent is what was captured; creditsRefunded is what "Bad result" refunds gave back (automatic releases of failed generations are neither); refundRate is creditsRefunded ÷ creditsSpent, 0 when nothing was spent.',
    query: insightRefundsQuery,
    answers: { 200: { description: "One row per key, by key", schema: refundInsightsSchema } },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Description",
    summary: "This document",
    answers: { 200: { description: "The OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()) } },
    open: true,
  },
];

type Refusal = { status: ErrorStatus; code: ErrorCode; why?: string };

/** What the host route wrapper can answer before the route's own call runs. */
function wrapperRefusals(route: Route): Refusal[] {
  if (route.open) return [];
  const refusals: Refusal[] = [{ status: 401, code: "auth.invalid_api_key", why: "no key, or a wrong or revoked one" }];
  if (route.params || route.query || route.body)
    refusals.push({ status: 422, code: "validation.failed", why: "a field breaks a rule" });
  if (route.body) {
    const kib = (route.maxBodyBytes ?? maxBodyBytes) / 1024;
    refusals.push(
      { status: 400, code: "validation.failed", why: "the body is not JSON in UTF-8" },
      { status: 413, code: "validation.too_large", why: `the body is over ${kib} KiB` },
      { status: 415, code: "validation.media_type", why: "the Content-Type is not application/json" },
    );
  }
  return refusals;
}

const requestIdHeader = z.object({
  "x-request-id": z
    .string()
    .meta({ description: "The caller's own X-Request-Id when it sent a sane one, else a new one" }),
});

const retryAfterHeader = z.string().meta({ description: "Seconds to wait before trying again" });

function errorAnswer(codes: readonly string[], description: string) {
  const [first, ...rest] = codes;
  if (first === undefined) throw new Error("an error answer has at least one code");
  const schema = z.object({ error: errorObjectSchema.extend({ code: z.enum([first, ...rest]) }) });
  return { description, headers: requestIdHeader, content: { "application/json": { schema } } };
}

function refusalAnswers(route: Route): ZodOpenApiOperationObject["responses"] {
  const own = (route.refusals ?? []).map((code): Refusal => ({ status: errorStatus[code], code }));
  const byStatus = new Map<ErrorStatus, Refusal[]>();
  for (const refusal of [...wrapperRefusals(route), ...own]) {
    byStatus.set(refusal.status, [...(byStatus.get(refusal.status) ?? []), refusal]);
  }
  const answers: ZodOpenApiOperationObject["responses"] = {};
  for (const [status, refusals] of [...byStatus].sort(([a], [b]) => a - b)) {
    const codes = [...new Set(refusals.map((refusal) => refusal.code))];
    const reasons = refusals.map((refusal) => (refusal.why ? `${refusal.code} (${refusal.why})` : refusal.code));
    answers[`${status}`] = errorAnswer(codes, `Refused: ${reasons.join(", ")}`);
  }
  if (!route.open) {
    answers["500"] = errorAnswer(
      ["internal.error"],
      "A bug on our side, logged under the request id; retrying is safe",
    );
    const unavailable = errorAnswer(
      ["service.unavailable"],
      "The database could not be reached (a restart, a failover, a cut connection); try again after Retry-After",
    );
    answers["503"] = { ...unavailable, headers: requestIdHeader.extend({ "retry-after": retryAfterHeader }) };
  }
  return answers;
}

function operation(route: Route): ZodOpenApiOperationObject {
  const answers: ZodOpenApiOperationObject["responses"] = {};
  for (const status of successes) {
    const answer = route.answers[status];
    if (!answer) continue;
    answers[`${status}`] = {
      description: answer.description,
      headers: requestIdHeader,
      ...(answer.schema ? { content: { "application/json": { schema: answer.schema } } } : {}),
    };
  }
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.open ? { security: [] } : {}),
    ...(route.params || route.query
      ? {
          requestParams: {
            ...(route.params ? { path: route.params } : {}),
            ...(route.query ? { query: route.query } : {}),
          },
        }
      : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: route.body } } } } : {}),
    responses: { ...answers, ...refusalAnswers(route) },
  };
}

function paths(): ZodOpenApiPathsObject {
  const all: ZodOpenApiPathsObject = {};
  for (const route of routes) all[route.path] = { ...all[route.path], [route.method]: operation(route) };
  return all;
}

const requestData = z.object({ request: refundRequestSchema });

/** What each event's `data` holds: the shapes the API answers with. Types not listed are not sent yet. */
const eventData: Partial<Record<(typeof webhookEventTypes)[number], z.ZodType>> = {
  "generation.refunded": generationResultSchema,
  "refund_request.created": requestData,
  "refund_request.decided": requestData,
  "customer.suspended": customerAnswer,
  "customer.reinstated": customerAnswer,
  "customer.frozen": customerAnswer,
  "dispute.updated": disputeAnswerSchema,
  "purchase.created": purchaseAnswer,
  "purchase.refunded": purchaseAnswer,
};

const signatureHeaders = z.object({
  "webhook-id": z.string().meta({ description: "The event's id, the same on every retry: deduplicate on it" }),
  "webhook-timestamp": z.string().meta({ description: "Unix seconds when this attempt was signed" }),
  "webhook-signature": z.string().meta({
    description:
      'v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"> keyed with the base64-decoded secret after whsec_; two, space-separated, during a secret rotation',
  }),
});

/** The calls Makegood makes to a host's endpoints, as Standard Webhooks specifies them. */
function webhooks(): ZodOpenApiPathsObject {
  const all: ZodOpenApiPathsObject = {};
  for (const type of webhookEventTypes) {
    const data = eventData[type];
    if (!data) continue;
    // Rendered as what Makegood sends (a request body would render as what it accepts), so that it
    // shares the answers' components.
    const body = createSchema(z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data }), { io: "output" });
    all[type] = {
      post: {
        operationId: `webhook.${type}`,
        tags: ["Webhooks"],
        summary: type,
        description: webhookEventMeaning[type],
        requestParams: { header: signatureHeaders },
        requestBody: {
          required: true,
          content: { "application/json": { schema: body.schema } },
        },
        responses: {
          "2XX": { description: "Delivered. Anything else within 15 seconds is retried; 410 disables the endpoint." },
        },
      },
    };
  }
  return all;
}

let built: ReturnType<typeof createDocument> | undefined;

/** Built once: the schemas it comes from do not change while the app runs. */
export function openApiDocument() {
  built ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Makegood host API",
      version: "1",
      description:
        "The product's own backend calls this API. Identifiers are the host's own strings, credits are whole numbers and times are ISO 8601 in UTC. Repeating a call with the same natural key and body is a safe retry. Every answer carries X-Request-Id.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    tags: tags.map((name) => ({ name })),
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "A host API key, from `npm run -s api-key -- create NAME` or /admin/api-keys.",
        },
      },
    },
    paths: paths(),
    webhooks: webhooks(),
  });
  return built;
}
