import { randomUUID } from "node:crypto";
import { defaultPolicyFields } from "./forms";
import { generationFor } from "./ledger";
import {
  freshApiKeyId,
  freshCheckoutSession,
  freshEndpoint,
  freshFailedDelivery,
  freshGeneration,
  freshNotification,
  freshOpenDispute,
  freshPendingRequest,
  freshPurchase,
  freshRunningGeneration,
  freshStaffId,
  owner,
  subjectId,
  unique,
  type World,
} from "./authorization-world";

/**
 * Who gets what from every page, route handler and server action. tests/integration/authorization-matrix.test.ts
 * finds them in app/ and pages/api/ and fails for any it finds that is not listed here, so a new one cannot go unjudged.
 * Adding one is one line: its key and a preset of outcomes, with the input a permitted caller would send.
 *
 * Keys: a page by its URL pattern ("/admin/customers/[id]"), a route handler by its method and pattern
 * ("GET /api/me/balance"), a server action by its file and its export
 * ("app/admin/staff/actions#createStaffAction").
 */

export const sessionPersonas = ["anonymous", "owner", "other", "agent", "admin"] as const;
export type SessionPersona = (typeof sessionPersonas)[number];

export const keyPersonas = ["no key", "revoked key", "valid key"] as const;
export type KeyPersona = (typeof keyPersonas)[number];

export const signaturePersonas = ["unsigned", "forged signature", "signed"] as const;
export type SignaturePersona = (typeof signaturePersonas)[number];

/** A page renders ("ok"), sends to /login, sends to the persona's own home, or is not found. */
export type PageOutcome = "ok" | "login" | "home" | "404";

/**
 * An action succeeds ("ok", a redirect included), succeeds while changing nothing ("noop", what someone
 * else's id must look like when a missing one is not an error), or answers with this error code.
 */
export type ActionOutcome = "ok" | "noop" | `${string}.${string}`;

type Fields = Record<string, string>;
type Maybe<T> = T | Promise<T>;

export type PageProps = { params?: Record<string, string | string[]>; searchParams?: Record<string, string> };
export type RouteCall = {
  params?: Record<string, string | string[]>;
  query?: Record<string, string>;
  /** An object is sent as JSON; a string as it is, with the content-type `headers` gives it. */
  body?: unknown;
  headers?: Record<string, string>;
};

export type PageEntry = { who: Record<SessionPersona, PageOutcome>; props?: (world: World) => Maybe<PageProps> };

export type RouteEntry =
  | { kind: "session"; who: Record<SessionPersona, number>; call?: (world: World) => Maybe<RouteCall> }
  /** The same answer whoever is signed in: these read no session. */
  | { kind: "public"; status: number; call?: (world: World) => Maybe<RouteCall> }
  /** The host API: an API key, never a session. */
  | { kind: "key"; who: Record<KeyPersona, number>; call?: (world: World) => Maybe<RouteCall> }
  /** Stripe's webhook: only its signature counts. */
  | { kind: "signature"; who: Record<SignaturePersona, number> };

export type ActionEntry =
  | { kind: "session"; who: Record<SessionPersona, ActionOutcome>; form: (world: World) => Maybe<Fields> }
  | { kind: "public"; outcome: ActionOutcome; form: (world: World) => Maybe<Fields> };

const customerPage = { anonymous: "login", owner: "ok", other: "ok", agent: "home", admin: "home" } as const;
const ownersPage = { ...customerPage, other: "404" } as const;
const staffPage = { anonymous: "login", owner: "home", other: "home", agent: "ok", admin: "ok" } as const;
const adminPage = { ...staffPage, agent: "home" } as const;
const signedOutPage = { anonymous: "ok", owner: "home", other: "home", agent: "home", admin: "home" } as const;
const everyonePage = { anonymous: "ok", owner: "ok", other: "ok", agent: "ok", admin: "ok" } as const;
const signedInPage = { ...everyonePage, anonymous: "login" } as const;

const page = (who: PageEntry["who"], props?: PageEntry["props"]): PageEntry => ({ who, props });

export const pages: Record<string, PageEntry> = {
  "/": page(customerPage),
  "/account/password": page(signedInPage),
  "/credits": page(customerPage),
  "/purchases": page(customerPage),
  "/purchases/checkout/[sessionId]": page(ownersPage, (w) => ({ params: { sessionId: w.ownerCheckoutSession } })),
  "/refunds": page(customerPage),
  "/admin": page(adminPage),
  "/admin/api-keys": page(adminPage),
  "/admin/audit": page(adminPage),
  "/admin/customers": page(adminPage),
  "/admin/customers/[id]": page(adminPage, () => ({ params: { id: subjectId } })),
  "/admin/disputes": page(adminPage),
  "/admin/disputes/[id]": page(adminPage, (w) => ({ params: { id: w.disputeId } })),
  "/admin/eligibility": page(adminPage),
  "/admin/insights": page(staffPage),
  "/admin/insights/reports": page(staffPage, () => ({ searchParams: { feature: "recolor" } })),
  "/admin/policy": page(adminPage),
  "/admin/products": page(adminPage),
  "/admin/staff": page(adminPage),
  "/admin/webhooks": page(adminPage),
  "/admin/webhooks/[id]": page(adminPage, (w) => ({ params: { id: w.endpointId } })),
  "/docs/api": page(everyonePage),
  "/login": page(signedOutPage),
  "/support": page(staffPage),
  "/support/requests/[id]": page(staffPage, (w) => ({ params: { id: w.pendingRequestId } })),
};

const customerApi = { anonymous: 401, owner: 200, other: 200, agent: 403, admin: 403 };
const staffApi = { anonymous: 401, owner: 403, other: 403, agent: 200, admin: 200 };
const ownerAndStaffApi = { anonymous: 401, owner: 200, other: 404, agent: 200, admin: 200 };

const session = (who: Record<SessionPersona, number>, call?: (world: World) => Maybe<RouteCall>): RouteEntry => ({
  kind: "session",
  who,
  call,
});
const open = (status: number, call?: (world: World) => Maybe<RouteCall>): RouteEntry => ({
  kind: "public",
  status,
  call,
});
const host = (status: number, call?: (world: World) => Maybe<RouteCall>): RouteEntry => ({
  kind: "key",
  who: { "no key": 401, "revoked key": 401, "valid key": status },
  call,
});

const details = "The colours are wrong and the edges are broken";

export const routes: Record<string, RouteEntry> = {
  "GET /admin/insights/export": session(staffApi, () => ({ query: { table: "features" } })),
  "GET /api/auth/[...nextauth]": open(200, () => ({ params: { nextauth: ["providers"] } })),
  "POST /api/auth/[...nextauth]": open(302, () => ({ params: { nextauth: ["signout"] } })),
  "GET /api/files/[...key]": session(ownerAndStaffApi, (w) => ({ params: { key: w.ownerFileKey.split("/") } })),
  "GET /api/health": open(200),
  "GET /api/ping": open(204),
  "POST /api/csp-report": open(204, () => ({
    body: JSON.stringify({ "csp-report": { "document-uri": "http://localhost/", "violated-directive": "script-src" } }),
    headers: { "content-type": "application/csp-report" },
  })),
  "GET /api/me/balance": session(customerApi),
  "GET /api/me/generations": session(customerApi),
  "GET /api/me/notifications": session(customerApi),
  "GET /api/samples/[sampleId]": open(200, () => ({ params: { sampleId: "mug" } })),
  "GET /api/support/queue": session(staffApi),
  "GET /api/support/team": session(staffApi),
  "GET /api/v1/customers/[customerId]": host(200, () => ({ params: { customerId: owner.customerId } })),
  "PUT /api/v1/customers/[customerId]": host(201, () => ({
    params: { customerId: unique("authz-new") },
    body: { email: "new@authz.test" },
  })),
  "GET /api/v1/customers/[customerId]/balance": host(200, () => ({ params: { customerId: owner.customerId } })),
  "POST /api/v1/customers/[customerId]/grants": host(201, () => ({
    params: { customerId: owner.customerId },
    body: { key: unique("grant"), amount: 1, reason: "Goodwill" },
  })),
  "PUT /api/v1/disputes/[disputeId]": host(201, async () => ({
    params: { disputeId: unique("authz-dis") },
    body: { purchaseId: await freshPurchase(subjectId), status: "open" },
  })),
  "POST /api/v1/generations": host(201, () => ({ body: generationFor(owner.customerId, unique("authz-gen"), 1) })),
  "POST /api/v1/generations/batch": host(200, () => ({
    body: { events: [{ type: "start", ...generationFor(owner.customerId, unique("authz-gen"), 1) }] },
  })),
  "GET /api/v1/generations/[id]": host(200, async () => ({ params: { id: await freshGeneration() } })),
  "POST /api/v1/generations/[id]/fail": host(200, async () => ({
    params: { id: await freshRunningGeneration() },
    body: { errorCode: "gpu_out_of_memory" },
  })),
  "POST /api/v1/generations/[id]/succeed": host(200, async () => ({
    params: { id: await freshRunningGeneration() },
    body: { outputUrl: "https://cdn.example/authz.png" },
  })),
  "GET /api/v1/insights/refunds": host(200, () => ({ query: { from: "2026-01-01", to: "2026-01-31", by: "feature" } })),
  "GET /api/v1/openapi.json": open(200),
  "GET /api/v1/products": host(200),
  "POST /api/v1/purchases": host(201, () => ({
    body: {
      id: unique("authz-pur"),
      customerId: owner.customerId,
      product: "credits_100",
      amount: 999,
      currency: "USD",
    },
  })),
  "GET /api/v1/purchases/[id]": host(200, async () => ({ params: { id: await freshPurchase() } })),
  "POST /api/v1/purchases/[id]/refund-requests": host(201, async () => ({
    params: { id: await freshPurchase() },
    body: { customerId: owner.customerId, reason: "accidental", details },
  })),
  "POST /api/v1/refund-requests": host(201, async () => ({
    body: { generationId: await freshGeneration(), customerId: owner.customerId, reason: "distorted", details },
  })),
  "GET /api/v1/refund-requests/[id]": host(200, async () => ({ params: { id: await freshPendingRequest() } })),
  "GET /api/v1/webhook-endpoints": host(200),
  "POST /api/v1/webhook-endpoints": host(201, () => ({
    body: { url: "http://127.0.0.1:9/authz-api", events: ["refund_request.decided"] },
  })),
  "DELETE /api/v1/webhook-endpoints/[id]": host(204, async () => ({ params: { id: (await freshEndpoint()).id } })),
  "POST /api/webhooks/stripe": { kind: "signature", who: { unsigned: 400, "forged signature": 400, signed: 200 } },
};

const customerAction = {
  anonymous: "auth.required",
  owner: "ok",
  other: "ok",
  agent: "auth.forbidden",
  admin: "auth.forbidden",
} as const;
/** Another customer naming the owner's thing gets what a thing that does not exist gets. */
const ownersAction = (absent: ActionOutcome) => ({ ...customerAction, other: absent });
const staffAction = {
  anonymous: "auth.required",
  owner: "auth.forbidden",
  other: "auth.forbidden",
  agent: "ok",
  admin: "ok",
} as const;
const adminAction = { ...staffAction, agent: "auth.forbidden" } as const;
/** The personas have no password, so a change reaches the password check and stops there: past every guard. */
const ownPasswordAction = {
  anonymous: "auth.required",
  owner: "auth.wrong_password",
  other: "auth.wrong_password",
  agent: "auth.wrong_password",
  admin: "auth.wrong_password",
} as const;

const action = (who: Record<SessionPersona, ActionOutcome>, form: (world: World) => Maybe<Fields>): ActionEntry => ({
  kind: "session",
  who,
  form,
});

const today = () => new Date().toISOString().slice(0, 10);
const note = "Checked by the authorization matrix";

export const actions: Record<string, ActionEntry> = {
  "app/account/password/actions#changePasswordAction": action(ownPasswordAction, () => ({
    currentPassword: "not the current password",
    newPassword: "a long new password for the matrix",
    repeatedPassword: "a long new password for the matrix",
  })),
  "app/(customer)/actions#createGenerationAction": action(customerAction, () => ({
    featureKey: "virtual_model",
    sampleId: "sofa",
  })),
  "app/(customer)/actions#reportBadResultAction": action(ownersAction("generation.not_found"), async () => ({
    generationId: await freshGeneration(),
    reason: "distorted",
    details,
  })),
  "app/(customer)/notification-actions#markNotificationReadAction": action(ownersAction("noop"), async () => ({
    notificationId: await freshNotification(),
  })),
  "app/(customer)/notification-actions#markAllNotificationsReadAction": action(customerAction, () => ({})),
  "app/(customer)/purchases/actions#requestPurchaseRefundAction": action(
    ownersAction("purchase.not_found"),
    async () => ({
      purchaseId: await freshPurchase(),
      reason: "accidental",
      details,
    }),
  ),
  "app/(customer)/purchases/buy-actions#buyProductAction": action(customerAction, () => ({ product: "credits_100" })),
  "app/(customer)/purchases/checkout/[sessionId]/actions#payDemoCheckoutAction": action(
    ownersAction("purchase.not_found"),
    async () => ({ sessionId: await freshCheckoutSession() }),
  ),
  "app/actions/sign-out#signOutAction": { kind: "public", outcome: "ok", form: () => ({}) },
  "app/login/actions#logIn": {
    kind: "public",
    outcome: "auth.invalid_credentials",
    form: () => ({ email: `${unique("nobody")}@authz.test`, password: "not-the-password" }),
  },
  "app/admin/api-keys/actions#createApiKeyAction": action(adminAction, () => ({ name: unique("authz-key") })),
  "app/admin/api-keys/actions#revokeApiKeyAction": action(adminAction, async () => ({ id: await freshApiKeyId() })),
  "app/admin/customers/actions#changeStandingAction": action(adminAction, () => ({
    customerId: subjectId,
    standing: "suspended",
    reason: note,
  })),
  "app/admin/customers/actions#adjustCreditsAction": action(adminAction, () => ({
    customerId: subjectId,
    direction: "in",
    amount: "5",
    reason: note,
    key: randomUUID(),
  })),
  "app/admin/disputes/actions#recordFindingAction": action(adminAction, async () => ({
    disputeId: await freshOpenDispute(),
    finding: "legitimate",
    note,
  })),
  "app/admin/eligibility/actions#saveEligibilityAction": action(adminAction, () => ({
    changes: JSON.stringify({ features: { recolor: { creditCost: 7 } }, contexts: {} }),
    note,
  })),
  "app/admin/insights/actions#recordInsightActionAction": action(adminAction, () => ({
    kind: "prompt_tip",
    featureKey: "recolor",
    title: unique("Tip"),
    takenOn: today(),
  })),
  "app/admin/policy/actions#savePolicyAction": action(adminAction, () => ({
    ...defaultPolicyFields,
    windowHours: "71",
    note,
  })),
  "app/admin/policy/actions#simulatePolicyAction": action(adminAction, () => ({
    ...defaultPolicyFields,
    simulationDays: "30",
  })),
  "app/admin/products/actions#saveCatalogAction": action(adminAction, () => ({
    changes: JSON.stringify({ credits_100: { name: "100 credits, checked" } }),
    note,
  })),
  "app/admin/staff/actions#createStaffAction": action(adminAction, () => ({
    name: "New Agent",
    email: `${unique("new")}@authz.test`,
    password: "a-long-initial-password",
    role: "agent",
  })),
  "app/admin/staff/actions#disableStaffAction": action(adminAction, async () => ({ id: await freshStaffId() })),
  "app/admin/staff/actions#enableStaffAction": action(adminAction, async () => ({ id: await freshStaffId() })),
  "app/admin/staff/actions#changeRoleAction": action(adminAction, async () => ({
    userId: await freshStaffId(),
    role: "admin",
  })),
  "app/admin/webhooks/actions#createWebhookEndpointAction": action(adminAction, () => ({
    url: "http://127.0.0.1:9/authz-new",
    "event:refund_request.decided": "on",
  })),
  "app/admin/webhooks/actions#setWebhookEndpointEnabledAction": action(adminAction, async () => ({
    id: (await freshEndpoint()).id,
    enabled: "false",
  })),
  "app/admin/webhooks/actions#rotateWebhookSecretAction": action(adminAction, async () => ({
    id: (await freshEndpoint()).id,
  })),
  "app/admin/webhooks/actions#deleteWebhookEndpointAction": action(adminAction, async () => ({
    id: (await freshEndpoint()).id,
  })),
  "app/admin/webhooks/actions#sendTestWebhookAction": action(adminAction, async () => ({
    id: (await freshEndpoint()).id,
  })),
  "app/admin/webhooks/actions#resendWebhookDeliveryAction": action(adminAction, () => freshFailedDelivery()),
  "app/support/actions#setAvailabilityAction": action(staffAction, () => ({ availability: "on_duty" })),
  "app/support/actions#reviewNextAction": action(staffAction, () => ({})),
  "app/support/actions#decideAction": action(staffAction, async () => ({
    requestId: await freshPendingRequest(),
    outcome: "approve",
  })),
  "app/support/actions#decideManyAction": action(staffAction, async () => ({
    requestIds: await freshPendingRequest(),
    outcome: "approve",
  })),
  "app/support/actions#skipAction": action(staffAction, async () => ({
    requestId: await freshPendingRequest(),
    reason: "Not mine",
  })),
  "app/support/actions#addNoteAction": action(staffAction, async () => ({
    requestId: await freshPendingRequest(),
    body: "Looks fine to me",
  })),
};
