import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import sharp, { type Sharp } from "sharp";
import { db, type Executor } from "@/db/client";
import { generations } from "@/db/schema";
import { config } from "@/lib/config";
import { inspectOutput } from "@/lib/quality/inspect";
import { putFile } from "@/lib/storage/file-store";
import { fileUrl, generationFileKey } from "./files";
import { failGeneration, succeedGeneration, type GenerationResult } from "./lifecycle";

/**
 * A DEMO stand-in for the product's AI service, so that the refund desk can be tried without one. It
 * "generates" by restyling the input with sharp, and misbehaves as often as config().demo says: some
 * runs fail with a technical error, and some succeed with an output that is blank or does not decode.
 */

export type DemoOutcome = "success" | "failure" | "blank" | "undecodable";

export type DemoJob = { generationId: string; featureKey: string; input: Buffer; outcome: DemoOutcome };

export function pickOutcome(
  random: () => number = Math.random,
  rates: { failureRate: number; brokenRate: number } = config().demo,
): DemoOutcome {
  const roll = random();
  if (roll < rates.failureRate) return "failure";
  if (roll < rates.failureRate + rates.brokenRate) return random() < 0.5 ? "blank" : "undecodable";
  return "success";
}

/** Every demo output is this many pixels square, whatever the input. */
export const demoOutputSize = 512;

function backdrop(from: string, to: string): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${demoOutputSize}" height="${demoOutputSize}">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/>
      </linearGradient></defs>
      <rect width="${demoOutputSize}" height="${demoOutputSize}" fill="url(#g)"/></svg>`,
  );
}

type Look = (input: Sharp) => Sharp;

const looks = {
  recolor: (input) => input.modulate({ hue: 150, saturation: 1.2 }),
  enhance: (input) => input.modulate({ brightness: 1.06, saturation: 1.4 }).sharpen({ sigma: 1.2 }),
  backdrop: (input) => input.composite([{ input: backdrop("#c7d2fe", "#f0abfc"), blend: "multiply" }]),
  studio: (input) => input.greyscale().composite([{ input: backdrop("#f8fafc", "#94a3b8"), blend: "multiply" }]),
  warm: (input) => input.tint("#f59e0b").modulate({ saturation: 0.8 }),
} satisfies Record<string, Look>;

const lookByFeature: Record<string, Look> = {
  recolor: looks.recolor,
  image_enhancer: looks.enhance,
  product_beautifier: looks.enhance,
  retouch: looks.enhance,
  ironing: looks.enhance,
  ai_backgrounds: looks.backdrop,
  virtual_model: looks.backdrop,
  instagram_story: looks.backdrop,
  studio_shot: looks.studio,
  ai_shadows: looks.studio,
  ghost_mannequin: looks.studio,
  logo: looks.warm,
  text: looks.warm,
};

async function outputOf(job: DemoJob): Promise<Buffer> {
  if (job.outcome === "blank") {
    const white = { width: demoOutputSize, height: demoOutputSize, channels: 3, background: "#ffffff" } as const;
    return sharp({ create: white }).png().toBuffer();
  }
  if (job.outcome === "undecodable") {
    // A PNG signature followed by junk: it claims to be an image, as a truncated upload would.
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("not an image")]);
  }
  const look = lookByFeature[job.featureKey] ?? looks.backdrop;
  // Flattened first, so that every look works on plain pixels whatever the input carried.
  const flat = await sharp(job.input)
    .resize(demoOutputSize, demoOutputSize, { fit: "cover" })
    .flatten({ background: "#ffffff" })
    .toBuffer();
  return look(sharp(flat)).png().toBuffer();
}

async function expectedSizeOf(job: DemoJob, executor: Executor) {
  const [generation] = await executor
    .select({ width: generations.expectedWidth, height: generations.expectedHeight })
    .from(generations)
    .where(eq(generations.id, job.generationId));
  if (!generation || generation.width === null || generation.height === null) return null;
  return { width: generation.width, height: generation.height };
}

/** Runs one job to its end and reports the outcome through the generation lifecycle, like the real service. */
export async function runDemoAiService(
  job: DemoJob,
  options: { delayMs?: number; executor?: Executor } = {},
): Promise<GenerationResult> {
  const { delayMs = config().demo.delayMs, executor = db } = options;
  await sleep(delayMs);
  if (job.outcome === "failure") {
    return failGeneration(
      job.generationId,
      { errorCode: "demo.gpu_timeout", message: "The demo AI service timed out waiting for a GPU." },
      executor,
    );
  }
  const output = await outputOf(job);
  const key = generationFileKey(job.generationId, "output.png");
  await putFile(key, output, "image/png");
  // It has the bytes in hand, so it reports their quality with the success instead of leaving the
  // worker to read them back.
  const signals = await inspectOutput(output, await expectedSizeOf(job, executor));
  return succeedGeneration(job.generationId, fileUrl(key), executor, signals);
}

/** Starts a job without waiting for it. If it crashes, the hold stays until the expiry sweep releases it. */
export function startDemoAiService(job: DemoJob): void {
  runDemoAiService(job).catch((error: unknown) => {
    console.error(
      `The demo AI service crashed on generation ${job.generationId}; the expiry sweep will release its hold.`,
      error,
    );
  });
}
