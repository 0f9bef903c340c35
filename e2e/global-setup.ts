import { execFileSync } from "node:child_process";
import path from "node:path";

/**
 * One host API key for the whole run, made the way an operator makes one. It is passed to the tests
 * through the environment, which Playwright hands on to its workers.
 */
export default function globalSetup() {
  const output = execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/api-key.ts", "create", "e2e"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: process.env,
    encoding: "utf8",
  });
  const key = output.trim().split("\n").at(-1);
  if (!key) throw new Error(`scripts/api-key.ts printed no key:\n${output}`);
  process.env.E2E_API_KEY = key;
}
