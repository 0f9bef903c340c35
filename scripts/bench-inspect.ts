import sharp from "sharp";
import { inspectOutput } from "@/lib/quality/inspect";

/**
 * What the quality worker's inspection of one output costs, at the sizes AI features return: the CPU of
 * this process per inspection (sharp's threads included) and the time each took, five at a time as the
 * app's job workers run them. Photo-like noise is what compresses least, so its PNG is the slowest to
 * decode; a flat drawing is the quickest. No database, no HTTP: the rest of a check is in `npm run bench`.
 *
 *   npm run bench:inspect
 */

const sides = [512, 1024, 2048];
const atOnce = 5;
/** Enough inspections for about a second of work at each size. */
const inspectionsOf = (side: number) => Math.max(20, Math.round((300 * 1024 * 1024) / (side * side)));

type Sample = { name: string; make: (side: number) => Promise<Buffer> };

const noise = (side: number) =>
  sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  });

const samples: Sample[] = [
  { name: "noise, PNG", make: (side) => noise(side).png().toBuffer() },
  { name: "noise, JPEG q90", make: (side) => noise(side).jpeg({ quality: 90 }).toBuffer() },
  {
    name: "drawing, PNG",
    make: (side) =>
      sharp(
        Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">
          <rect width="${side}" height="${side}" fill="#f1f5f9"/>
          <circle cx="${side / 2}" cy="${side / 2}" r="${side / 3}" fill="#0ea5e9"/></svg>`),
      )
        .png()
        .toBuffer(),
  },
];

async function measure(bytes: Buffer, count: number) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next++ < count) await inspectOutput(bytes, null);
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / count, wallMs: (performance.now() - started) / count };
}

console.log(`${"output".padEnd(28)}${"KB".padStart(8)}${"CPU ms".padStart(10)}${"ms each".padStart(10)}`);
for (const side of sides) {
  for (const sample of samples) {
    const bytes = await sample.make(side);
    const count = inspectionsOf(side);
    // The first calls load sharp's code and let V8 compile the pixel loop.
    await measure(bytes, Math.ceil(count / 4));
    const { cpuMs, wallMs } = await measure(bytes, count);
    console.log(
      `${`${side}×${side} ${sample.name}`.padEnd(28)}${Math.round(bytes.length / 1024)
        .toString()
        .padStart(8)}${cpuMs.toFixed(2).padStart(10)}${(wallMs * atOnce).toFixed(2).padStart(10)}`,
    );
  }
}
