import "server-only";
import { z } from "zod";

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL");

const share = z.coerce.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl.optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    PORT: z.coerce.number().int("must be a whole number").min(1).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default(".data"),
    ALLOW_PRIVATE_URLS: z.enum(["true", "false"], "must be true or false").default("false"),
    DEMO_FAILURE_RATE: share.default(0.1),
    DEMO_BROKEN_RATE: share.default(0.1),
    DEMO_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  })
  .refine((env) => env.NODE_ENV !== "production" || env.AUTH_SECRET !== undefined, {
    path: ["AUTH_SECRET"],
    message: "must be set in production (generate one with: openssl rand -base64 32)",
  });

export type Config = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string | undefined;
  authSecret: string | undefined;
  port: number;
  dataDir: string;
  /** Lets outbound requests (webhooks, hosts' output files) reach private addresses and any port: development and tests only. */
  allowPrivateUrls: boolean;
  demo: { failureRate: number; brokenRate: number; delayMs: number };
};

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
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS === "true",
    demo: { failureRate: e.DEMO_FAILURE_RATE, brokenRate: e.DEMO_BROKEN_RATE, delayMs: e.DEMO_DELAY_MS },
  };
}

let loaded: Config | undefined;

export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

export function databaseUrl(): string {
  const url = config().databaseUrl;
  if (!url) {
    throw new ConfigError(["DATABASE_URL is not set (npm start and npm run dev start an embedded database for you)"]);
  }
  return url;
}
