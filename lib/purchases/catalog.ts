import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { products, type Product } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, unknownProduct } from "@/lib/errors";
import type { CatalogChanges, ProductChange } from "./catalog-shape.shared";

/** Every product in the catalog's order; `onSale` leaves out those an admin has taken off sale. */
export function listProducts({ onSale = false } = {}, executor: Executor = db): Promise<Product[]> {
  return executor
    .select()
    .from(products)
    .where(onSale ? eq(products.active, true) : undefined)
    .orderBy(asc(products.position), asc(products.key));
}

/** A product a customer can buy now; `field` names the input that chose it, for the refusal. */
export async function productOnSale(key: string, field?: string, executor: Executor = db): Promise<Product> {
  const [product] = await executor
    .select()
    .from(products)
    .where(and(eq(products.key, key), eq(products.active, true)));
  if (!product) throw unknownProduct(key, field);
  return product;
}

const editable = ["name", "amount", "currency", "credits", "active"] as const satisfies (keyof ProductChange)[];

type Diff = { before: CatalogChanges; after: CatalogChanges };

/**
 * Writes a draft in one transaction with its audit event, which holds only what really changed. The
 * rows are locked first, so two admins saving at once each record what they actually replaced.
 * Past purchases copied their terms, so a new price or credit count applies to the next purchase only.
 */
export async function saveCatalog(changes: CatalogChanges, note: string, actor: CurrentUser): Promise<number> {
  return db.transaction(async (tx) => {
    const keys = Object.keys(changes);
    const current = keys.length
      ? await tx.select().from(products).where(inArray(products.key, keys)).orderBy(asc(products.key)).for("update")
      : [];
    const unknown = keys.find((key) => !current.some((row) => row.key === key));
    if (unknown) throw unknownProduct(unknown);

    const diff: Diff = { before: {}, after: {} };
    for (const row of current) {
      const change = changes[row.key] ?? {};
      const fields = editable.filter((field) => change[field] !== undefined && change[field] !== row[field]);
      if (fields.length === 0) continue;
      const set = Object.fromEntries(fields.map((field) => [field, change[field]])) as ProductChange;
      diff.before[row.key] = Object.fromEntries(fields.map((field) => [field, row[field]]));
      diff.after[row.key] = set;
      await tx
        .update(products)
        .set({ ...set, updatedAt: new Date() })
        .where(eq(products.key, row.key));
    }

    const changed = Object.values(diff.after).reduce((sum, fields) => sum + Object.keys(fields).length, 0);
    if (changed === 0) throw new DomainError("catalog.unchanged", "Nothing has changed: make a change before saving.");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "catalog.changed",
      targetType: "catalog",
      targetId: "products",
      before: { products: diff.before },
      after: { products: diff.after, note },
    });
    return changed;
  });
}
