import { configDefaults, defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.ts";

/**
 * postgres.js 3.4.9 writes a transaction's ROLLBACK to a connection whose backend was just terminated,
 * and that deferred write throws from a setImmediate, out of every caller's reach (porsager/postgres#1154,
 * #1208). The query still settles with a connection error, and an app server logs the throw and carries
 * on; a test that cuts connections on purpose would see it as an unhandled error. Only this one passes.
 */
function isDriverWriteAfterClose(error: { message?: string; stack?: string }): boolean {
  return (
    error.message === "Cannot read properties of null (reading 'write')" &&
    /postgres[/\\]src[/\\]connection\.js/.test(error.stack ?? "")
  );
}

export default defineConfig({
  resolve,
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
    // Those run real app servers against a build: `npm test` runs them after `next build` (vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, "tests/faults/**"],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/per-file.ts", "tests/setup/next-request.ts"],
    // Tests reach their own HTTP servers on loopback, which the outbound guard refuses by default, and
    // make generations with the demo AI service, which is off wherever DATABASE_URL is given.
    env: { ALLOW_PRIVATE_URLS: "true", DEMO_MODE: "true" },
    // next-auth imports "next/server" without the extension Node's own resolver needs; Vite's supplies it.
    server: { deps: { inline: ["next-auth"] } },
    onUnhandledError: (error) => !isDriverWriteAfterClose(error),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
