import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { refundRequests } from "@/db/schema";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { claimRequest } from "@/lib/support/claims";
import { queuePage } from "@/lib/support/queue";
import { staffMember } from "../support/people";
import { madeGeneration, report } from "../support/refunds";

describe("the queue", () => {
  it("lists pending requests oldest first, a page at a time, with counts against the SLA", async () => {
    // Young accounts, whose reports the policy sends to review; three, to stay under the hard limit.
    const customers = ["queue-a", "queue-b", "queue-c"];
    for (const id of customers) {
      await registerCustomer(id, { email: `${id}@example.com` });
      await grantCredits(id, { key: "opening", amount: 500, reason: "Opening balance" });
    }
    const ids: string[] = [];
    for (let n = 0; n < 55; n += 1) {
      const customerId = customers[n % 3]!;
      await madeGeneration(customerId, `queue-order-${n}`, { cost: 1 });
      ids.push((await report(customerId, `queue-order-${n}`)).id);
    }
    const hour = 3_600_000;
    await db
      .update(refundRequests)
      .set({ createdAt: new Date(Date.now() - 30 * hour) })
      .where(eq(refundRequests.id, ids[0]!));
    await db
      .update(refundRequests)
      .set({ createdAt: new Date(Date.now() - 23 * hour) })
      .where(eq(refundRequests.id, ids[1]!));

    const first = await queuePage({});
    expect(first.counts).toEqual({ pending: 55, breachingSoon: 1, breached: 1 });
    expect(first.items).toHaveLength(50);
    expect(first.items.slice(0, 2).map((item) => [item.id, item.tone])).toEqual([
      [ids[0], "breached"],
      [ids[1], "soon"],
    ]);
    const second = await queuePage({}, first.next!);
    expect(second.items.map((item) => item.id)).toEqual(ids.slice(50));
    expect(second.next).toBeNull();
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(55);

    const agent = await staffMember("Quinn");
    await claimRequest(agent, ids[2]!);
    const claimed = (await queuePage({})).items.map((item) => item.claimedBy);
    expect(claimed.slice(0, 4)).toEqual([null, null, { id: agent.id, name: "Quinn" }, null]);

    const breached = await queuePage({ breachedOnly: true });
    expect(breached.items.map((item) => item.id)).toEqual([ids[0]]);
    expect((await queuePage({ platform: "ios" })).items).toEqual([]);
  });
});
