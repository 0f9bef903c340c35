import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { features, type Generation } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { config } from "@/lib/config";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { DomainError } from "@/lib/errors";
import { demoOutputSize, pickOutcome, startDemoAiService } from "./demo-ai-service";
import { startGeneration } from "./lifecycle";
import { samplePng, sampleUrl, findSample } from "./samples";

/**
 * A generation made in the browser, where the demo is switched on (see config's DEMO_MODE): the customer's cost is held at once, and the demo AI service
 * finishes it in the background while the gallery watches.
 */
export async function createDemoGeneration(
  user: CurrentUser,
  request: { featureKey: string; sampleId: string },
): Promise<Generation> {
  if (!config().demo.enabled) {
    throw new DomainError(
      "demo.disabled",
      "New generations can't be started here: the demo AI service is switched off on this server.",
    );
  }
  const customerId = ownCustomerId(user);
  const [feature] = await db
    .select({ key: features.key, cost: features.creditCost })
    .from(features)
    .where(eq(features.key, request.featureKey));
  if (!feature) throw new DomainError("feature.unknown", "Choose one of the listed features.", "featureKey");
  const sample = findSample(request.sampleId);
  const input = sample && (await samplePng(sample.id));
  if (!sample || !input) throw new DomainError("sample.unknown", "Choose one of the sample images.", "sampleId");
  const { generation } = await startGeneration({
    id: `web_${randomUUID()}`,
    customerId,
    feature: feature.key,
    platform: "web",
    context: "editor",
    cost: feature.cost,
    inputUrl: sampleUrl(sample.id),
    modelVersion: "demo-1",
    expectedWidth: demoOutputSize,
    expectedHeight: demoOutputSize,
  });
  startDemoAiService({
    generationId: generation.id,
    featureKey: feature.key,
    input,
    outcome: sample.forcedOutcome ?? pickOutcome(),
  });
  return generation;
}
