import type { Metadata } from "next";
import { z } from "zod";
import { CreditHistory } from "@/components/credits/credit-history";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { creditHistory } from "@/lib/ledger/history";

export const metadata: Metadata = { title: "Credits" };

const transferId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// A malformed cursor shows the newest page rather than an error: links are the only way to get one.
const cursorSchema = z.union([
  z.object({ before: transferId }).strip(),
  z.object({ after: transferId }).strip(),
  z.object({}).strip(),
]);

export default async function CreditsPage({ searchParams }: PageProps<"/credits">) {
  const user = await requirePageUser(customerRoles);
  const parsed = cursorSchema.safeParse(await searchParams);
  const cursor = parsed.success ? parsed.data : {};
  const page = await creditHistory(ownCustomerId(user), cursor);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Credit history</h1>
        <p className="mt-1 text-sm text-slate-600">Every movement of your credits, newest first.</p>
      </div>
      <CreditHistory page={page} paged={Object.keys(cursor).length > 0} basePath="/credits" />
    </div>
  );
}
