import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
/**
 * Debian's Chromium, since Playwright cannot download its own here: the headless shell when it is
 * installed (the same engine without the desktop browser around it, which runs the suite about a third
 * faster), else the full browser; elsewhere Playwright's own.
 */
const debianChromium = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => fs.existsSync(path));

/**
 * Runs against `next start`, so a production build must exist, and DATABASE_URL, AUTH_SECRET and
 * AUTH_TRUST_HOST must be in the environment: `npm run test:e2e` provides all three.
 */
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  // Journeys with a customer, an agent and the host API take about 17 s on a quiet machine; two workers
  // beside the server and the database on two cores can nearly double that.
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? "test-results/e2e.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: debianChromium,
      // The machine is offline: without these, Chromium keeps dialling Google services and floods
      // the log with refused connections.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: "admin-policy.spec.ts" },
    // Changes the rules every customer lives by, so it runs alone, once every other spec has finished.
    {
      name: "global-settings",
      use: { ...devices["Desktop Chrome"] },
      testMatch: "admin-policy.spec.ts",
      dependencies: ["chromium"],
    },
  ],
  webServer: {
    // Node closes a connection idle for 5 s by default, and a request sent on it at that moment fails
    // with ECONNRESET: the host API's calls can sit that long while a browser signs in.
    command: `npx next start --port ${port} --keepAliveTimeout 65000`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    // The customers make their generations with the demo AI service, which is off by default on a
    // DATABASE_URL. It never fails or breaks by chance here: the tests choose failures through the
    // stress-test sample. The delay is long enough to see a generation running. The specs' own HTTP
    // servers listen on loopback, which the outbound guard refuses by default.
    env: {
      DEMO_MODE: "true",
      DEMO_FAILURE_RATE: "0",
      DEMO_BROKEN_RATE: "0",
      DEMO_DELAY_MS: "2000",
      ALLOW_PRIVATE_URLS: "true",
    },
  },
});
