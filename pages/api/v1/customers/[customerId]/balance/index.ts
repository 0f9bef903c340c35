import { db } from "@/db/client";
import { hostRoute } from "@/lib/api/host-route";
import { customerParams } from "@/lib/api/schemas";
import { customerBalance } from "@/lib/ledger/accounts";
import { json } from "@/lib/http/host-call";
import { pagesApiRoute } from "@/lib/http/pages-api-route";

export const config = { api: { bodyParser: false } };

export const GET = hostRoute({ params: customerParams }, async ({ params }) =>
  json({ balance: await customerBalance(db, params.customerId) }),
);

export default pagesApiRoute({ GET });
