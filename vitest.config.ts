import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Tests are server code; the marker package would otherwise throw as if bundled for a browser.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/per-file.ts", "tests/setup/next-request.ts"],
    // Tests reach their own HTTP servers on loopback, which the outbound guard refuses by default, and
    // make generations with the demo AI service, which is off wherever DATABASE_URL is given.
    env: { ALLOW_PRIVATE_URLS: "true", DEMO_MODE: "true" },
    // next-auth imports "next/server" without the extension Node's own resolver needs; Vite's supplies it.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
