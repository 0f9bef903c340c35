import { readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/db/enums";
import { idleState } from "@/lib/auth/action-state.shared";
import { homePath, rolesForPath } from "@/lib/auth/roles.shared";
import { testSql } from "../setup/database";
import {
  actions,
  keyPersonas,
  pages,
  routes,
  sessionPersonas,
  signaturePersonas,
  type ActionEntry,
  type PageProps,
  type RouteCall,
  type RouteEntry,
  type SessionPersona,
} from "../support/authorization-matrix";
import { adminEmail, agentEmail, buildWorld, other, owner, type World } from "../support/authorization-world";
import { form } from "../support/forms";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

// Actions that read the request (the buy button's origin, Auth.js's sign-in and sign-out) get one.
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "makegood.test" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));

// Who may start a generation is the question here; what the demo service then does is demo-generator.test.ts's.
vi.mock("@/lib/generations/demo-ai-service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/generations/demo-ai-service")>()),
  startDemoAiService: () => {},
}));

// Stripe is connected only while its webhook is called: with it, the demo checkout would honour nothing.
const stripe = vi.hoisted(() => ({ connected: false, webhookSecret: "whsec_authorization_matrix" }));
vi.mock("@/lib/config", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config")>();
  const connected = { secretKey: "sk_test_authorization_matrix", webhookSecret: stripe.webhookSecret, api: {} };
  return { ...real, config: () => ({ ...real.config(), stripe: stripe.connected ? connected : null }) };
});

// Read lazily by the config module, so setting them before the first call is enough.
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-authz-"));
process.env.DATA_DIR = dataDir;
process.env.AUTH_SECRET ??= "authorization-matrix-secret-of-enough-length";
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

const root = path.resolve(import.meta.dirname, "../..");
const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/* Discovery: what the file tree holds, so that nothing new escapes the matrix. */

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .map((file) => `${dir}/${file.split(path.sep).join("/")}`)
    .filter((file) => /\.tsx?$/.test(file))
    .sort();
}

/** The URL pattern of a page or route file: route groups such as (customer) are not part of it. */
function urlPattern(file: string): string {
  const segments = file.split("/").slice(1, -1);
  return `/${segments.filter((segment) => !/^\(.*\)$/.test(segment)).join("/")}`;
}

const appFiles = sourceFiles("app");
const pageFiles = new Map(
  appFiles.filter((file) => file.endsWith("/page.tsx")).map((file) => [urlPattern(file), file]),
);
// The host API's routes are Pages Router API routes, one index.ts per path (lib/http/pages-api-route.ts).
const pagesApiFiles = sourceFiles("pages/api");
const routeFiles = [...appFiles.filter((file) => file.endsWith("/route.ts")), ...pagesApiFiles];

const usesServer = (text: string) => /["']use server["']/.test(text);
/** A file of server actions: its first statement, after any comments, is the directive. */
const isActionFile = (text: string) => /^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/.test(text);
const serverFiles = ["app", "components", "lib"]
  .flatMap(sourceFiles)
  .map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }))
  .filter(({ text }) => usesServer(text));

async function load(file: string): Promise<Record<string, unknown>> {
  return import(/* @vite-ignore */ path.join(root, file));
}

type Found = { key: string; file: string; name: string };

async function discoveredRoutes(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of routeFiles) {
    const exports = await load(file);
    for (const name of httpMethods.filter((method) => typeof exports[method] === "function")) {
      found.push({ key: `${name} ${urlPattern(file)}`, file, name });
    }
  }
  return found;
}

async function discoveredActions(): Promise<Found[]> {
  const found: Found[] = [];
  for (const { file } of serverFiles.filter(({ text }) => isActionFile(text))) {
    const exports = await load(file);
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function") found.push({ key: `${file.replace(/\.tsx?$/, "")}#${name}`, file, name });
    }
  }
  return found;
}

function expectSameKeys(found: string[], listed: string[], what: string) {
  const missing = found.filter((key) => !listed.includes(key));
  const stale = listed.filter((key) => !found.includes(key));
  const problems = [
    missing.length ? `not in tests/support/authorization-matrix.ts, add them: ${missing.join(", ")}` : "",
    stale.length ? `listed but no longer in app/ or pages/, remove them: ${stale.join(", ")}` : "",
  ].filter(Boolean);
  expect(problems, `${what}: ${problems.join("; ")}`).toEqual([]);
}

/* Personas */

const emails: Record<SessionPersona, string | null> = {
  anonymous: null,
  owner: owner.email,
  other: other.email,
  agent: agentEmail,
  admin: adminEmail,
};
const roles: Record<SessionPersona, Role | null> = {
  anonymous: null,
  owner: "customer",
  other: "customer",
  agent: "agent",
  admin: "admin",
};

/**
 * A digest of every row of every table: a refused call must leave it as it was. Rate-limit counts are
 * left out: a call that passed the role check counts against its caller's limit whatever comes of it,
 * which is what the limit is for.
 */
async function everyRow(): Promise<Record<string, string>> {
  const sql = testSql();
  const tables = await sql<{ name: string }[]>`
    select tablename as name from pg_tables
    where schemaname = 'public' and tablename <> 'rate_limit_hits' order by tablename`;
  const digests = await sql.unsafe<{ name: string; digest: string }[]>(
    tables
      .map(
        ({ name }) =>
          `select '${name}' as name, md5(coalesce(string_agg(row.*::text, ',' order by row.*::text), '')) as digest ` +
          `from public."${name}" row`,
      )
      .join(" union all "),
  );
  return Object.fromEntries(digests.map(({ name, digest }) => [name, digest]));
}

/**
 * Runs a call and names what it got. When `refused` says the matrix expects nothing to change, the rows
 * are compared too: a refusal that wrote something is reported as such, and a success that wrote
 * nothing is a "noop".
 */
async function observed(refused: boolean, call: () => Promise<string>): Promise<string> {
  if (!refused) return call();
  const before = await everyRow();
  const outcome = await call();
  const after = await everyRow();
  const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
  if (outcome === "ok") return changed.length ? "ok" : "noop";
  return changed.length ? `${outcome}, and wrote to ${changed.join(", ")}` : outcome;
}

type Digest = { digest?: unknown };

/** Next's redirect() and notFound() throw errors whose digest says what they mean. */
function navigation(error: unknown): { redirect: string } | { notFound: true } | null {
  const digest = (error as Digest | null)?.digest;
  if (typeof digest !== "string") return null;
  const parts = digest.split(";");
  if (parts[0] === "NEXT_REDIRECT") return { redirect: parts.slice(2, -2).join(";") };
  if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return { notFound: true };
  return null;
}

type Render = (props: { params: Promise<unknown>; searchParams: Promise<unknown> }) => unknown;

async function renderPage(render: Render, props: PageProps, persona: SessionPersona): Promise<string> {
  try {
    await render({
      params: Promise.resolve(props.params ?? {}),
      searchParams: Promise.resolve(props.searchParams ?? {}),
    });
    return "ok";
  } catch (error) {
    const went = navigation(error);
    if (!went) throw error;
    if ("notFound" in went) return "404";
    if (went.redirect === "/login") return "login";
    const role = roles[persona];
    return role && went.redirect === homePath(role) ? "home" : `redirect to ${went.redirect}`;
  }
}

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

/** The pattern with its dynamic segments filled in, as the request's URL. */
function filled(pattern: string, params: Record<string, string | string[]> = {}): string {
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name] ?? "x";
    return Array.isArray(value) ? value.join("/") : value;
  });
}

async function status(handler: Handler, method: string, pattern: string, call: RouteCall, headers = {}) {
  const url = new URL(filled(pattern, call.params), "http://makegood.test");
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const request = new Request(url, {
    method,
    headers: { "content-type": "application/json", ...call.headers, ...headers },
    body: call.body === undefined || typeof call.body === "string" ? call.body : JSON.stringify(call.body),
  });
  const response = await handler(request, { params: Promise.resolve(call.params ?? {}) });
  return response.status;
}

type Action = (...args: unknown[]) => Promise<unknown>;

async function runAction(run: Action, fields: Record<string, string>): Promise<string> {
  const data = form(fields);
  let state: { status?: string; code?: string; fieldErrors?: unknown } | undefined;
  try {
    // Queries such as the policy preview take the form alone; form actions take the previous state first.
    state = (await (run.length === 1 ? run(data) : run(idleState, data))) as typeof state;
  } catch (error) {
    const went = navigation(error);
    if (went && "redirect" in went) return "ok";
    throw error;
  }
  if (state?.status !== "error") return "ok";
  // A refused form names its fields, so that a matrix entry sending the wrong data says which.
  return state.code === "validation.failed" && state.fieldErrors
    ? `${state.code} ${JSON.stringify(state.fieldErrors)}`
    : state.code!;
}

let world: World;
let foundRoutes: Map<string, Found>;
let foundActions: Map<string, Found>;

beforeAll(async () => {
  world = await buildWorld();
  foundRoutes = new Map((await discoveredRoutes()).map((found) => [found.key, found]));
  foundActions = new Map((await discoveredActions()).map((found) => [found.key, found]));
});

describe("the authorization matrix lists", () => {
  it("every page", () => {
    expectSameKeys([...pageFiles.keys()], Object.keys(pages), "pages");
  });

  it("every method of every route handler", () => {
    expectSameKeys([...foundRoutes.keys()], Object.keys(routes), "route handlers");
  });

  it("every route handler there is: each file under pages/api is an index.ts, whose folder is its path", () => {
    expect(pagesApiFiles.filter((file) => !file.endsWith("/index.ts"))).toEqual([]);
  });

  it("every server action", () => {
    expectSameKeys([...foundActions.keys()], Object.keys(actions), "server actions");
  });

  it("every server action there is: none is declared inside a function, where this test could not find it", () => {
    const inline = serverFiles.filter(({ text }) => !isActionFile(text)).map(({ file }) => file);
    expect(inline, `"use server" must open the file: ${inline.join(", ")}`).toEqual([]);
  });
});

describe("pages", () => {
  it.each(Object.entries(pages))("%s", async (pattern, entry) => {
    const file = pageFiles.get(pattern);
    expect(file, `no page file for ${pattern}`).toBeDefined();
    const render = (await load(file!)).default as Render;
    const props = (await entry.props?.(world)) ?? {};
    const got: Record<string, string> = {};
    for (const persona of sessionPersonas) {
      signedInAs(emails[persona]);
      got[persona] = await observed(entry.who[persona] !== "ok", () => renderPage(render, props, persona));
    }
    expect(got).toEqual(entry.who);
  });

  it.each(Object.entries(pages))("%s: the proxy's role rule agrees", (pattern, entry) => {
    const allowed = rolesForPath(filled(pattern));
    if (allowed === "public") {
      expect(entry.who.anonymous).not.toBe("login");
      return;
    }
    const byProxy = Object.fromEntries(
      sessionPersonas.map((persona) => {
        const role = roles[persona];
        return [persona, !role ? "login" : allowed.includes(role) ? "let through" : "home"];
      }),
    );
    const byPage = Object.fromEntries(
      sessionPersonas.map((persona) => {
        const outcome = entry.who[persona];
        return [persona, outcome === "login" || outcome === "home" ? outcome : "let through"];
      }),
    );
    expect(byProxy).toEqual(byPage);
  });
});

describe("route handlers", () => {
  /** Statuses are compared as text, so that a refusal that wrote something can say so beside its status. */
  const asText = (statuses: Record<string, number>) =>
    Object.fromEntries(Object.entries(statuses).map(([persona, code]) => [persona, String(code)]));

  async function walk(key: string, entry: RouteEntry): Promise<{ got: object; want: object }> {
    const found = foundRoutes.get(key);
    expect(found, `no route handler for ${key}`).toBeDefined();
    const handler = (await load(found!.file))[found!.name] as Handler;
    const [method, pattern] = key.split(" ") as [string, string];
    const got: Record<string, string> = {};
    const send = async (call: RouteCall, headers = {}) => String(await status(handler, method, pattern, call, headers));

    if (entry.kind === "session" || entry.kind === "public") {
      const want =
        entry.kind === "session" ? entry.who : Object.fromEntries(sessionPersonas.map((p) => [p, entry.status]));
      for (const persona of sessionPersonas) {
        signedInAs(emails[persona]);
        const call = (await entry.call?.(world)) ?? {};
        const refused = entry.kind === "session" && want[persona]! >= 400;
        got[persona] = await observed(refused, () => send(call));
      }
      return { got, want: asText(want) };
    }

    // A session never stands in for a key or a signature: these are all called by a signed-in admin.
    signedInAs(adminEmail);
    if (entry.kind === "key") {
      const authorization = { "no key": null, "revoked key": world.revokedKey, "valid key": world.validKey };
      for (const persona of keyPersonas) {
        const call = (await entry.call?.(world)) ?? {};
        const key = authorization[persona];
        const headers = key ? { authorization: `Bearer ${key}` } : {};
        got[persona] = await observed(entry.who[persona] >= 400, () => send(call, headers));
      }
      return { got, want: asText(entry.who) };
    }

    const payload = JSON.stringify({
      id: `evt_authz_${Date.now()}`,
      object: "event",
      type: "customer.created",
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: "cus_authz", object: "customer" } },
    });
    const signatures = {
      unsigned: null,
      "forged signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" }),
      signed: Stripe.webhooks.generateTestHeaderString({ payload, secret: stripe.webhookSecret }),
    };
    stripe.connected = true;
    try {
      for (const persona of signaturePersonas) {
        const signature = signatures[persona];
        const request = new Request("http://makegood.test/api/webhooks/stripe", {
          method: "POST",
          headers: signature ? { "stripe-signature": signature } : {},
          body: payload,
        });
        got[persona] = await observed(entry.who[persona] >= 400, async () =>
          String((await handler(request, { params: Promise.resolve({}) })).status),
        );
      }
    } finally {
      stripe.connected = false;
    }
    return { got, want: asText(entry.who) };
  }

  it.each(Object.entries(routes))("%s", async (key, entry) => {
    const { got, want } = await walk(key, entry);
    expect(got).toEqual(want);
  });
});

describe("server actions", () => {
  it.each(Object.entries(actions))("%s", async (key, entry: ActionEntry) => {
    const found = foundActions.get(key);
    expect(found, `no server action for ${key}`).toBeDefined();
    const run = (await load(found!.file))[found!.name] as Action;
    const want =
      entry.kind === "session" ? entry.who : Object.fromEntries(sessionPersonas.map((p) => [p, entry.outcome]));
    const got: Record<string, string> = {};
    for (const persona of sessionPersonas) {
      signedInAs(emails[persona]);
      const fields = await entry.form(world);
      const refused = entry.kind === "session" && want[persona] !== "ok";
      got[persona] = await observed(refused, () => runAction(run, fields));
    }
    expect(got).toEqual(want);
  });
});
