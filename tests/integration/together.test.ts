import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { together } from "@/lib/sql/together";

beforeEach(async () => {
  await db.execute(sql`create table if not exists together_probe (id int primary key)`);
  await db.execute(sql`truncate together_probe`);
});

const insert = (id: number) => sql`insert into together_probe (id) values (${id})`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function probeIds(): Promise<number[]> {
  const rows = await db.execute<{ id: number }>(sql`select id from together_probe order by id`);
  return rows.map((row) => row.id);
}

describe("together, a transaction's independent steps at once", () => {
  it("answers each step's result, in the order the steps were given", async () => {
    const answers = await db.transaction((tx) =>
      together(
        tx.execute<{ n: number }>(sql`select 1 as n`).then((rows) => rows[0]?.n),
        false,
        tx.execute<{ n: number }>(sql`select 2 as n`).then((rows) => rows[0]?.n),
      ),
    );

    expect(answers).toEqual([1, false, 2]);
  });

  it("fails with the step that failed first, and lets no later statement out of the rolled-back transaction", async () => {
    const attempt = db.transaction((tx) =>
      together(
        (async () => {
          await tx.execute(insert(1));
          // A step that is still busy when another one fails sends its next statement afterwards.
          await pause(100);
          await tx.execute(insert(2));
        })(),
        tx.execute(sql`select 1 / 0`),
      ),
    );

    await expect(attempt).rejects.toMatchObject({ cause: { code: "22012" } });
    await pause(200);
    expect(await probeIds()).toEqual([]);
  });
});
