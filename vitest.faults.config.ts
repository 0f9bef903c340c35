import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.ts";

/**
 * The fault tests: each file runs real app servers (`next start` on the production build) against its
 * own database and breaks something under them. `npm test` runs them after `next build`; they run one
 * file at a time, since each starts servers of its own.
 */
export default defineConfig({
  resolve,
  test: {
    environment: "node",
    include: ["tests/faults/**/*.test.ts"],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/per-file.ts"],
    env: { ALLOW_PRIVATE_URLS: "true" },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
