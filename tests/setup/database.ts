import type postgres from "postgres";
import { connectApp } from "@/db/client";

let client: postgres.Sql | undefined;

/** A raw client on this test file's own database, reached as the app reaches it, for arranging rows and asserting on them. */
export function testSql(): postgres.Sql {
  if (!process.env.DATABASE_URL) {
    throw new Error("DATABASE_URL is unset: tests/setup/per-file.ts must be in vitest's setupFiles.");
  }
  client ??= connectApp(2).sql;
  return client;
}

export async function closeTestSql() {
  const open = client;
  client = undefined;
  await open?.end({ timeout: 5 });
}
