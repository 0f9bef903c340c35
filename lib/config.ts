import "server-only";
import os from "node:os";
import { z } from "zod";

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL");

const share = z.coerce.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_DIRECT_URL: postgresUrl.optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    PORT: z.coerce.number().int("must be a whole number").min(1).max(65535).default(3000),
    WEB_CONCURRENCY: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(64).optional(),
    JOB_WORKERS: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(16).default(1),
    RUN_JOBS: z.enum(["true", "false"], "must be true or false").default("true"),
    DATA_DIR: z.string().min(1).default(".data"),
    ALLOW_PRIVATE_URLS: z.enum(["true", "false"], "must be true or false").default("false"),
    DEMO_MODE: z.enum(["true", "false"], "must be true or false").default("false"),
    DEMO_FAILURE_RATE: share.default(0.1),
    DEMO_BROKEN_RATE: share.default(0.1),
    DEMO_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
    TRUST_PROXY_HOPS: z.coerce.number().int("must be a whole number").min(0).max(10).default(0),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_/, "must be a Stripe secret key (sk_… or rk_…)")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .startsWith("whsec_", "must be a Stripe webhook signing secret (whsec_…)")
      .optional(),
    STRIPE_API_HOST: z.string().min(1).optional(),
    STRIPE_API_PORT: z.coerce.number().int("must be a whole number").min(1).max(65535).optional(),
    STRIPE_API_PROTOCOL: z.enum(["http", "https"], "must be http or https").optional(),
  })
  .refine((env) => (env.STRIPE_SECRET_KEY === undefined) === (env.STRIPE_WEBHOOK_SECRET === undefined), {
    path: ["STRIPE_SECRET_KEY"],
    message:
      "and STRIPE_WEBHOOK_SECRET must be set together (both to take payments with Stripe, neither for the demo provider)",
  })
  .refine((env) => env.DATABASE_DIRECT_URL === undefined || env.DATABASE_URL !== undefined, {
    path: ["DATABASE_DIRECT_URL"],
    message: "needs DATABASE_URL: it is the direct way to the database that DATABASE_URL pools",
  })
  .refine((env) => env.NODE_ENV !== "production" || env.AUTH_SECRET !== undefined, {
    path: ["AUTH_SECRET"],
    message: "must be set in production (generate one with: openssl rand -base64 32)",
  });

export type Config = {
  nodeEnv: "development" | "production" | "test";
  /** Unset on a local run, which starts the embedded database. */
  database: DatabaseUrls | undefined;
  authSecret: string | undefined;
  port: number;
  /** How many app server processes `npm start` runs on the port: by default one per core. */
  webConcurrency: number;
  /** How many job workers `npm start` runs beside the servers, at a lower CPU priority; with none, the servers run the jobs. */
  jobWorkers: number;
  /** Whether an app server also works the job queue; false where job workers (`npm run worker`) do. */
  runJobs: boolean;
  dataDir: string;
  /** Lets outbound requests (webhooks, hosts' output files) reach private addresses and any port: development and tests only. */
  allowPrivateUrls: boolean;
  /** The demo AI service: `enabled` offers customers its "New generation" form; the rest is how it behaves. */
  demo: { enabled: boolean; failureRate: number; brokenRate: number; delayMs: number };
  /** How many proxies in front of the app append to X-Forwarded-For; 0 means clients connect directly. */
  trustProxyHops: number;
  /** Set when both Stripe variables are; otherwise payments go through the demo provider, which charges nothing. */
  stripe: StripeConfig | null;
};

/**
 * The two ways to the database. They are the same URL unless a transaction pooler (PgBouncer in
 * `pool_mode = transaction`) stands in front: it hands each transaction to any server connection,
 * so what lives in a session (LISTEN, session advisory locks, named prepared statements) must not
 * go through it.
 */
export type DatabaseUrls = {
  /** DATABASE_URL: the app's pool, for queries and transactions. */
  pooled: string;
  /** DATABASE_DIRECT_URL, or else DATABASE_URL: sessions of their own, for the LISTENs (job queue, key revocations) and the migrations' lock. */
  direct: string;
  /** Whether `pooled` goes through a transaction pooler (the two URLs differ): its clients prepare no named statements. */
  transactionPooler: boolean;
};

export type StripeConfig = {
  secretKey: string;
  webhookSecret: string;
  /** Where Stripe's API is reached; tests point it at a local stand-in, and it is unset everywhere else. */
  api: { host?: string; port?: number; protocol?: "http" | "https" };
};

/**
 * A run without DATABASE_URL is on the embedded database: someone trying Makegood on their own
 * machine, whose webhooks and outputs are on this machine too and who has no AI service of their own.
 * Each of these defaults gives way to its variable when it is set.
 */
export function withLocalRunDefaults(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.DATABASE_URL) return env;
  return { ...env, ALLOW_PRIVATE_URLS: env.ALLOW_PRIVATE_URLS || "true", DEMO_MODE: env.DEMO_MODE || "true" };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function emptyAsUnset(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(emptyAsUnset(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    database: e.DATABASE_URL
      ? {
          pooled: e.DATABASE_URL,
          direct: e.DATABASE_DIRECT_URL ?? e.DATABASE_URL,
          transactionPooler: e.DATABASE_DIRECT_URL !== undefined && e.DATABASE_DIRECT_URL !== e.DATABASE_URL,
        }
      : undefined,
    authSecret: e.AUTH_SECRET,
    port: e.PORT,
    webConcurrency: e.WEB_CONCURRENCY ?? os.availableParallelism(),
    jobWorkers: e.JOB_WORKERS,
    runJobs: e.RUN_JOBS === "true",
    dataDir: e.DATA_DIR,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS === "true",
    demo: {
      enabled: e.DEMO_MODE === "true",
      failureRate: e.DEMO_FAILURE_RATE,
      brokenRate: e.DEMO_BROKEN_RATE,
      delayMs: e.DEMO_DELAY_MS,
    },
    trustProxyHops: e.TRUST_PROXY_HOPS,
    stripe:
      e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: e.STRIPE_SECRET_KEY,
            webhookSecret: e.STRIPE_WEBHOOK_SECRET,
            api: { host: e.STRIPE_API_HOST, port: e.STRIPE_API_PORT, protocol: e.STRIPE_API_PROTOCOL },
          }
        : null,
  };
}

let loaded: Config | undefined;

export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/** The database's URLs; throws when DATABASE_URL is unset. */
export function databaseUrls(): DatabaseUrls {
  const urls = config().database;
  if (!urls) {
    throw new ConfigError(["DATABASE_URL is not set (npm start and npm run dev start an embedded database for you)"]);
  }
  return urls;
}
