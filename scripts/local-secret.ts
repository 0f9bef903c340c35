import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const minimumLength = 32;

/** AUTH_SECRET for local runs: made once and kept in DATA_DIR, so that sessions survive a restart. */
export async function localAuthSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "auth-secret");
  const kept = (await fs.readFile(file, "utf8").catch(() => "")).trim();
  if (kept.length >= minimumLength) return kept;

  const secret = randomBytes(32).toString("base64url");
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
