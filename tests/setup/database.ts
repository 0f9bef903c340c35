import postgres from "postgres";

let client: postgres.Sql | undefined;

/** A raw client on this test file's own database, for arranging rows and asserting on them. */
export function testSql(): postgres.Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is unset: tests/setup/per-file.ts must be in vitest's setupFiles.");
  client ??= postgres(url, { max: 2, onnotice: () => {} });
  return client;
}

export async function closeTestSql() {
  const open = client;
  client = undefined;
  await open?.end({ timeout: 5 });
}
