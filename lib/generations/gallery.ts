import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { features, generations } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { customerBalance, type Balance } from "@/lib/ledger/accounts";
import type { Generation } from "./lifecycle";
import { samples, sampleUrl } from "./samples";

export type GalleryItem = {
  id: string;
  featureName: string;
  status: Generation["status"];
  cost: number;
  createdAt: string;
  imageUrl: string | null;
};

export type OwnGenerations = { generations: GalleryItem[]; balance: Balance };

export type FeatureOption = { key: string; name: string; cost: number };
export type SampleOption = { id: string; label: string; imageUrl: string };

const shown = 60;

/** The newest generations and the balance, read together so that the two agree on the page. */
export async function ownGenerations(user: CurrentUser): Promise<OwnGenerations> {
  const customerId = ownCustomerId(user);
  return db.transaction(
    async (tx) => {
      const rows = await tx
        .select({
          id: generations.id,
          featureName: features.name,
          status: generations.status,
          cost: generations.cost,
          createdAt: generations.createdAt,
          inputUrl: generations.inputUrl,
          outputUrl: generations.outputUrl,
        })
        .from(generations)
        .innerJoin(features, eq(features.key, generations.featureKey))
        .where(eq(generations.customerId, customerId))
        .orderBy(desc(generations.createdAt), desc(generations.id))
        .limit(shown);
      return {
        generations: rows.map(({ inputUrl, outputUrl, createdAt, ...row }) => ({
          ...row,
          createdAt: createdAt.toISOString(),
          imageUrl: row.status === "succeeded" ? outputUrl : inputUrl,
        })),
        balance: await customerBalance(tx, customerId),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export async function galleryFor(
  user: CurrentUser,
): Promise<OwnGenerations & { features: FeatureOption[]; samples: SampleOption[] }> {
  const options = await db
    .select({ key: features.key, name: features.name, cost: features.creditCost })
    .from(features)
    .orderBy(asc(features.position));
  return {
    ...(await ownGenerations(user)),
    features: options,
    samples: samples.map(({ id, label }) => ({ id, label, imageUrl: sampleUrl(id) })),
  };
}
