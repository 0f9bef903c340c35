import { parseConfig } from "@/lib/config";
import { openDatabase } from "./database";
import { run } from "./lifecycle";

run(
  async () => {
    const database = await openDatabase(parseConfig(process.env), { seedDemoData: false });
    await database.stop();
    console.log("The database is up to date.");
    return 0;
  },
  { onSignal: 130 },
);
