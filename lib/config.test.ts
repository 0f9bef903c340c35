import os from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, withLocalRunDefaults } from "./config";

describe("configuration", () => {
  it("fills in defaults for a local run", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ nodeEnv: "development", port: 3000, dataDir: ".data" });
  });

  it("names each bad value", () => {
    expect(() => parseConfig({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrowError(ConfigError);
    try {
      parseConfig({ PORT: "eighty", DATABASE_URL: "mysql://x" });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^DATABASE_URL /),
        expect.stringMatching(/^PORT /),
      ]);
    }
  });

  it("uses DATABASE_URL for everything unless DATABASE_DIRECT_URL names a direct way past a transaction pooler", () => {
    expect(parseConfig({}).database).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: "postgres://db/app" }).database).toEqual({
      pooled: "postgres://db/app",
      direct: "postgres://db/app",
      transactionPooler: false,
    });
    expect(
      parseConfig({ DATABASE_URL: "postgres://db/app", DATABASE_DIRECT_URL: "postgres://db/app" }).database,
    ).toEqual({ pooled: "postgres://db/app", direct: "postgres://db/app", transactionPooler: false });
    expect(
      parseConfig({ DATABASE_URL: "postgres://pooler:6432/app", DATABASE_DIRECT_URL: "postgresql://db:5432/app" })
        .database,
    ).toEqual({ pooled: "postgres://pooler:6432/app", direct: "postgresql://db:5432/app", transactionPooler: true });
    expect(parseConfig({ DATABASE_URL: "postgres://db/app", DATABASE_DIRECT_URL: "" }).database?.direct).toBe(
      "postgres://db/app",
    );
    expect(() => parseConfig({ DATABASE_URL: "postgres://db/app", DATABASE_DIRECT_URL: "db:5432" })).toThrowError(
      /DATABASE_DIRECT_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => parseConfig({ DATABASE_DIRECT_URL: "postgres://db/app" })).toThrowError(
      /DATABASE_DIRECT_URL needs DATABASE_URL/,
    );
  });

  it("keeps outbound requests to public addresses unless ALLOW_PRIVATE_URLS says otherwise", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://db/app" }).allowPrivateUrls).toBe(false);
    expect(parseConfig({ ALLOW_PRIVATE_URLS: "true" }).allowPrivateUrls).toBe(true);
    expect(parseConfig({ ALLOW_PRIVATE_URLS: "false" }).allowPrivateUrls).toBe(false);
    expect(() => parseConfig({ ALLOW_PRIVATE_URLS: "yes" })).toThrowError(/ALLOW_PRIVATE_URLS must be true or false/);
  });

  it("runs one server process per core unless WEB_CONCURRENCY names how many", () => {
    expect(parseConfig({}).webConcurrency).toBe(os.availableParallelism());
    expect(parseConfig({ WEB_CONCURRENCY: "3" }).webConcurrency).toBe(3);
    expect(() => parseConfig({ WEB_CONCURRENCY: "0" })).toThrowError(/WEB_CONCURRENCY must be at least 1/);
    expect(() => parseConfig({ WEB_CONCURRENCY: "two" })).toThrowError(/WEB_CONCURRENCY/);
  });

  it("runs one job worker beside the servers unless JOB_WORKERS names how many, and jobs in each server unless RUN_JOBS is false", () => {
    expect(parseConfig({})).toMatchObject({ jobWorkers: 1, runJobs: true });
    expect(parseConfig({ JOB_WORKERS: "0", RUN_JOBS: "false" })).toMatchObject({ jobWorkers: 0, runJobs: false });
    expect(parseConfig({ JOB_WORKERS: "3" }).jobWorkers).toBe(3);
    expect(() => parseConfig({ JOB_WORKERS: "-1" })).toThrowError(/JOB_WORKERS must be 0 or more/);
    expect(() => parseConfig({ JOB_WORKERS: "1.5" })).toThrowError(/JOB_WORKERS must be a whole number/);
    expect(() => parseConfig({ RUN_JOBS: "no" })).toThrowError(/RUN_JOBS must be true or false/);
  });

  it("trusts no proxy unless TRUST_PROXY_HOPS names how many", () => {
    expect(parseConfig({}).trustProxyHops).toBe(0);
    expect(parseConfig({ TRUST_PROXY_HOPS: "2" }).trustProxyHops).toBe(2);
    expect(() => parseConfig({ TRUST_PROXY_HOPS: "-1" })).toThrowError(/TRUST_PROXY_HOPS/);
    expect(() => parseConfig({ TRUST_PROXY_HOPS: "one" })).toThrowError(/TRUST_PROXY_HOPS/);
  });

  it("offers the demo AI service on the embedded database, and elsewhere only when DEMO_MODE says so", () => {
    const demoOn = (env: Record<string, string>) => parseConfig(withLocalRunDefaults(env)).demo.enabled;
    expect(demoOn({})).toBe(true);
    expect(demoOn({ DEMO_MODE: "" })).toBe(true);
    expect(demoOn({ DEMO_MODE: "false" })).toBe(false);
    expect(demoOn({ DATABASE_URL: "postgres://db/app" })).toBe(false);
    expect(demoOn({ DATABASE_URL: "postgres://db/app", DEMO_MODE: "true" })).toBe(true);
    expect(parseConfig({}).demo.enabled).toBe(false);
    expect(() => parseConfig({ DEMO_MODE: "on" })).toThrowError(/DEMO_MODE must be true or false/);
  });

  it("lets a local run reach private addresses unless ALLOW_PRIVATE_URLS is set", () => {
    const allowed = (env: Record<string, string>) => parseConfig(withLocalRunDefaults(env)).allowPrivateUrls;
    expect(allowed({})).toBe(true);
    expect(allowed({ ALLOW_PRIVATE_URLS: "false" })).toBe(false);
    expect(allowed({ DATABASE_URL: "postgres://db/app" })).toBe(false);
  });

  it("takes payments with Stripe only when both of its variables are set", () => {
    expect(parseConfig({}).stripe).toBeNull();
    expect(parseConfig({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" }).stripe).toEqual({
      secretKey: "sk_test_1",
      webhookSecret: "whsec_1",
      api: { host: undefined, port: undefined, protocol: undefined },
    });
    expect(() => parseConfig({ STRIPE_SECRET_KEY: "sk_test_1" })).toThrowError(
      /STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together/,
    );
    expect(() => parseConfig({ STRIPE_WEBHOOK_SECRET: "whsec_1" })).toThrowError(/must be set together/);
    expect(() => parseConfig({ STRIPE_SECRET_KEY: "pk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" })).toThrowError(
      /STRIPE_SECRET_KEY must be a Stripe secret key/,
    );
  });

  it("refuses to run in production without a real AUTH_SECRET", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrowError(/AUTH_SECRET must be set in production/);
    expect(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: "short" })).toThrowError(
      /AUTH_SECRET must be at least 32/,
    );
    expect(parseConfig({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) }).authSecret).toHaveLength(32);
  });
});
