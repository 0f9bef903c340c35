import { seedDatabase } from "@/db/seed";
import { withDatabase } from "./database";

const force = process.argv.includes("--force");

if (process.env.NODE_ENV === "production" && process.env.DATABASE_URL && !force) {
  console.error(
    "Refusing to seed demo accounts into a production database (NODE_ENV=production and DATABASE_URL is set).\n" +
      "Run again with --force if you really mean it: npm run db:seed -- --force",
  );
  process.exit(1);
}

await withDatabase(async (url) => {
  await seedDatabase(url);
  console.log("Seeded demo data: customer@example.com, agent@example.com, admin@example.com (password makegood-demo)");
});
