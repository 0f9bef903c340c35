import { connect } from "@/db/client";
import { verifyLedger } from "@/lib/ledger/verify";
import { withDatabase } from "./database";

let failed = false;

await withDatabase(async (url) => {
  const { sql, db } = connect(url, 1);
  try {
    for (const check of await verifyLedger(db)) {
      console.log(`${check.violations.length === 0 ? "ok  " : "FAIL"} ${check.name}`);
      for (const violation of check.violations) console.log(`       ${violation}`);
      failed ||= check.violations.length > 0;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
});

if (failed) {
  console.error("\nThe ledger breaks the invariants above.");
  process.exit(1);
}
console.log("\nThe ledger holds every invariant.");
