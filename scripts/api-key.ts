import type { z } from "zod";
import { connect, type Database } from "@/db/client";
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from "@/lib/api/api-keys";
import { apiKeyId, apiKeyName } from "@/lib/api/schemas";
import { isDomainError } from "@/lib/errors";
import { withDatabase } from "./database";
import { run } from "./lifecycle";

const usage = `Usage:
  npm run -s api-key -- create NAME   make a key for a host backend; it is printed once, on the last line
  npm run -s api-key -- list          show every key, without its secret part
  npm run -s api-key -- revoke ID     stop a key from working, at once`;

type Task = (db: Database) => Promise<void>;

class UsageError extends Error {}

function describe(key: ApiKey): string {
  const state = key.revokedAt
    ? `revoked ${key.revokedAt.toISOString()}`
    : `last used ${key.lastUsedAt?.toISOString() ?? "never"}`;
  return `${key.id}  ${key.prefix}…  ${key.name}  (created ${key.createdAt.toISOString()}, ${state})`;
}

/** Checks the arguments before any database is opened, so a typo costs nothing. */
function argument(schema: z.ZodType<string>, label: string, value: string): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const rule = parsed.error.issues[0]?.message ?? "is not valid";
  throw new UsageError(`${label} ${rule}.\n\n${usage}`);
}

function task(command: string | undefined, rest: string): Task {
  switch (command) {
    case "create": {
      const name = argument(apiKeyName, "NAME", rest);
      return async (db) => {
        const { key, record } = await createApiKey(name, null, db);
        console.log(`Created ${describe(record)}.`);
        console.log("Give this key to the host backend now: only its hash is stored, so it cannot be shown again.");
        console.log(key);
      };
    }
    case "list":
      return async (db) => {
        const keys = await listApiKeys(db);
        console.log(keys.length === 0 ? "No API keys yet." : keys.map(describe).join("\n"));
      };
    case "revoke": {
      const id = argument(apiKeyId, "ID", rest);
      return async (db) => console.log(`Revoked ${describe(await revokeApiKey(id, null, db))}.`);
    }
    default:
      throw new UsageError(usage);
  }
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  let chosen: Task;
  try {
    chosen = task(command, rest.join(" "));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  try {
    await withDatabase(async (url) => {
      const { sql, db } = connect(url, 1);
      try {
        await chosen(db);
      } finally {
        await sql.end({ timeout: 5 });
      }
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    console.error(error.message);
    return 1;
  }
  return 0;
}

run(main, { onSignal: 130 });
