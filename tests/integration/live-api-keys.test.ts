import { afterEach, describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey, revokeApiKey } from "@/lib/api/api-keys";
import { LiveApiKeys, type LiveApiKeysOptions } from "@/lib/api/live-api-keys";
import { testSql } from "../setup/database";

const opened: LiveApiKeys[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((keys) => keys.close()));
});

/** Another process's view of the keys: its own listening connection, straight to the database. */
function anotherProcess(options: LiveApiKeysOptions = {}, url = process.env.DATABASE_DIRECT_URL!): LiveApiKeys {
  const keys = new LiveApiKeys(url, { maxAgeMs: 60_000, ...options });
  opened.push(keys);
  return keys;
}

/** A real key, and a lookup of it in the database that counts how often it is asked. */
async function keyWithLookup() {
  const { key, record } = await createApiKey("watched");
  const hash = (await testSql()<[{ hash: string }]>`select hash from api_keys where id = ${record.id}`)[0].hash;
  const lookup = {
    key,
    id: record.id,
    hash,
    asked: 0,
    find: async () => {
      lookup.asked += 1;
      const [row] = await testSql()<
        [{ id: string }?]
      >`select id from api_keys where hash = ${hash} and revoked_at is null`;
      return row?.id ?? null;
    },
  };
  return lookup;
}

type Lookup = Awaited<ReturnType<typeof keyWithLookup>>;

/** Asks until an answer comes without a lookup, which happens once the process is listening. */
async function untilRemembered(keys: LiveApiKeys, lookup: Lookup, now: number) {
  await expect
    .poll(async () => {
      await keys.idOf(lookup.hash, now, lookup.find);
      const asked = lookup.asked;
      const id = await keys.idOf(lookup.hash, now, lookup.find);
      return id === lookup.id && lookup.asked === asked;
    })
    .toBe(true);
}

/** Revokes behind the app's back, as a lost announcement would leave things. */
async function revokeSilently(id: string) {
  await testSql()`update api_keys set revoked_at = now() where id = ${id}`;
}

describe("live API keys", () => {
  it("a key found live is not looked up again, until another process revokes it", async () => {
    const keys = anotherProcess();
    const lookup = await keyWithLookup();
    const now = Date.now();
    await untilRemembered(keys, lookup, now);
    const asked = lookup.asked;
    expect(await keys.idOf(lookup.hash, now + 1_000, lookup.find)).toBe(lookup.id);
    expect(lookup.asked).toBe(asked);

    await revokeApiKey(lookup.id);

    await expect.poll(() => keys.idOf(lookup.hash, now + 2_000, lookup.find)).toBeNull();
    expect(lookup.asked).toBeGreaterThan(asked);
  });

  it("believes what it remembers only for its maximum age", async () => {
    const keys = anotherProcess({ maxAgeMs: 5_000 });
    const lookup = await keyWithLookup();
    const now = Date.now();
    await untilRemembered(keys, lookup, now);

    await revokeSilently(lookup.id);

    expect(await keys.idOf(lookup.hash, now + 4_999, lookup.find)).toBe(lookup.id);
    expect(await keys.idOf(lookup.hash, now + 5_000, lookup.find)).toBeNull();
    expect(await keys.idOf(lookup.hash, now + 5_001, lookup.find)).toBeNull();
  });

  it("remembers nothing while it cannot listen", async () => {
    const unreachable = process.env.DATABASE_DIRECT_URL!.replace(/@[^/]+\//, "@127.0.0.1:1/");
    const keys = anotherProcess({ retryMs: 10 }, unreachable);
    const lookup = await keyWithLookup();
    const now = Date.now();

    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await keys.idOf(lookup.hash, now, lookup.find)).toBe(lookup.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(lookup.asked).toBe(5);
  });

  it("forgets everything when its connection is lost, and hears revocations again once it listens again", async () => {
    const keys = anotherProcess({ retryMs: 50 });
    const lookup = await keyWithLookup();
    const now = Date.now();
    await untilRemembered(keys, lookup, now);

    const [{ ended }] = await testSql()<[{ ended: number }]>`
      select count(*)::int as ended from (
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'listen api_key_revoked'
      ) terminated
    `;
    expect(ended).toBeGreaterThan(0);
    await revokeSilently(lookup.id);
    await expect.poll(() => keys.idOf(lookup.hash, now, lookup.find)).toBeNull();

    const next = await keyWithLookup();
    await untilRemembered(keys, next, now);
    await revokeApiKey(next.id);
    await expect.poll(() => keys.idOf(next.hash, now, next.find)).toBeNull();
  });

  it("does not keep a lookup that a revocation overtook", async () => {
    const keys = anotherProcess();
    const lookup = await keyWithLookup();
    const now = Date.now();
    await untilRemembered(keys, lookup, now);
    const other = await keyWithLookup();

    const overtaken = async () => {
      const id = await other.find();
      keys.forget(lookup.id);
      return id;
    };
    expect(await keys.idOf(other.hash, now, overtaken)).toBe(other.id);
    expect(await keys.idOf(other.hash, now, other.find)).toBe(other.id);
    expect(await keys.idOf(other.hash, now, other.find)).toBe(other.id);
    expect(other.asked).toBe(2);
  });

  it("this process stops taking a key the moment it revokes it", async () => {
    const { key, record } = await createApiKey("revoked here");
    const header = `Bearer ${key}`;
    // Remembered once a key revoked behind its back is still taken.
    await expect
      .poll(async () => {
        await authenticateApiKey(header);
        await revokeSilently(record.id);
        const stillTaken = (await authenticateApiKey(header)) !== null;
        await testSql()`update api_keys set revoked_at = null where id = ${record.id}`;
        return stillTaken;
      })
      .toBe(true);

    await revokeApiKey(record.id);

    expect(await authenticateApiKey(header)).toBeNull();
  });
});
