import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import type { GenerationStatus, RefundStatus } from "@/db/enums";
import { features, generations, refundRequests } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { config } from "@/lib/config";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { customerBalance, type Balance } from "@/lib/ledger/accounts";
import { policyInForce } from "@/lib/policy/versions";
import { downloadUrl } from "./files";
import { samples, sampleUrl } from "./samples";

export type GalleryRefund = {
  id: string;
  status: RefundStatus;
  creditsRefunded: number;
  decisionMessage: string | null;
};

export type GalleryItem = {
  id: string;
  featureName: string;
  status: GenerationStatus;
  cost: number;
  createdAt: string;
  inputUrl: string | null;
  outputUrl: string | null;
  downloadUrl: string | null;
  refund: GalleryRefund | null;
};

export type OwnGenerations = { generations: GalleryItem[]; balance: Balance };

export type FeatureOption = { key: string; name: string; cost: number };
export type SampleOption = { id: string; label: string; imageUrl: string };

const shown = 60;

/**
 * The newest generations, each with its refund request, and the balance, read together so that they
 * agree on the page.
 */
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
          refundId: refundRequests.id,
          refundStatus: refundRequests.status,
          creditsRefunded: refundRequests.creditsRefunded,
          decisionMessage: refundRequests.decisionMessage,
        })
        .from(generations)
        .innerJoin(features, eq(features.key, generations.featureKey))
        .leftJoin(refundRequests, eq(refundRequests.generationId, generations.id))
        .where(eq(generations.customerId, customerId))
        .orderBy(desc(generations.createdAt), desc(generations.id))
        .limit(shown);
      return {
        generations: rows.map(({ createdAt, refundId, refundStatus, creditsRefunded, decisionMessage, ...row }) => ({
          ...row,
          createdAt: createdAt.toISOString(),
          downloadUrl: row.outputUrl && downloadUrl(row.outputUrl),
          refund:
            refundId && refundStatus && creditsRefunded !== null
              ? { id: refundId, status: refundStatus, creditsRefunded, decisionMessage }
              : null,
        })),
        balance: await customerBalance(tx, customerId),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** What the "New generation" form offers; it exists only where the demo AI service is switched on. */
export type NewGenerationOptions = { features: FeatureOption[]; samples: SampleOption[] };

export type Gallery = OwnGenerations & {
  newGeneration: NewGenerationOptions | null;
  /** The policy's minimum for a report's details, so that the form can say so before it is sent. */
  minDetailsLength: number;
};

async function newGenerationOptions(): Promise<NewGenerationOptions> {
  const options = await db
    .select({ key: features.key, name: features.name, cost: features.creditCost })
    .from(features)
    .orderBy(asc(features.position));
  return { features: options, samples: samples.map(({ id, label }) => ({ id, label, imageUrl: sampleUrl(id) })) };
}

export async function galleryFor(user: CurrentUser): Promise<Gallery> {
  const [newGeneration, policy, own] = await Promise.all([
    config().demo.enabled ? newGenerationOptions() : null,
    policyInForce(),
    ownGenerations(user),
  ]);
  return { ...own, newGeneration, minDetailsLength: policy.refundRules.minDetailsLength };
}
