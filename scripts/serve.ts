import fs from "node:fs/promises";
import path from "node:path";
import { demoPassword, demoUsers } from "@/db/seed";
import { parseConfig } from "@/lib/config";
import { openDatabase } from "./database";
import { bin, start, type Child } from "./lifecycle";
import { localAuthSecret } from "./local-secret";

/**
 * `next start` (building first when there is no build) or `next dev`, on the app's database.
 * Resolves with Next's exit code if it stops by itself.
 */
export async function serve(mode: "start" | "dev"): Promise<number> {
  const settings = parseConfig(process.env);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_TRUST_HOST: "true",
    NODE_ENV: mode === "start" ? "production" : process.env.NODE_ENV,
  };
  // Production on a real database must be given its secret (config refuses to start without one):
  // an invented secret would sign sessions that the other instances reject.
  if (!env.AUTH_SECRET && (mode === "dev" || !settings.databaseUrl)) {
    env.AUTH_SECRET = await localAuthSecret(settings.dataDir);
  }
  parseConfig(env);

  if (mode === "start" && !(await hasBuild())) {
    console.log("No production build yet: running next build…");
    const code = await start(bin("next"), ["build"], env).exited;
    if (code !== 0) {
      console.error("next build failed.");
      return code;
    }
  }

  const database = await openDatabase(settings, { seedDemoData: true });
  env.DATABASE_URL = database.url;
  const next = start(bin("next"), [mode, "--port", String(settings.port)], env);
  const url = `http://localhost:${settings.port}`;
  if (await answers(`${url}/api/health`, next)) welcome(url, database.embedded);
  return next.exited;
}

async function hasBuild() {
  return fs.access(path.join(process.cwd(), ".next", "BUILD_ID")).then(
    () => true,
    () => false,
  );
}

/** Polls until the server responds at all (even 503), or gives up when it exits. */
async function answers(url: string, server: Child): Promise<boolean> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (!exited) {
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  return false;
}

function welcome(url: string, embedded: boolean) {
  const logins = embedded
    ? [`Demo logins (password ${demoPassword}):`, ...demoUsers.map((user) => `  ${user.email.padEnd(24)} ${user.role}`)]
    : ["Demo logins exist only if you seeded this database (npm run db:seed)."];
  console.log(["", `Makegood is ready at ${url}`, ...logins, "Press Ctrl-C to stop.", ""].join("\n"));
}
