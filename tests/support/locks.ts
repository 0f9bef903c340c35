import { testSql } from "../setup/database";

/** Waits until another connection of this database waits on a row lock, and returns its backend pid. */
export async function blockedBackend(): Promise<number> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const [blocked] = await testSql()<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`;
    if (blocked) return blocked.pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("no connection came to wait on the lock");
}
