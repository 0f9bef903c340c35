import "server-only";
import { imageSize } from "image-size";
import sharp, { type OutputInfo } from "sharp";
import { undecodableFinding, unusableFindings } from "./verdict";

export type QualitySignals = {
  decodes: boolean | null;
  format: string | null;
  width: number | null;
  height: number | null;
  uniform: boolean | null;
  spread: number | null;
  problem: string | null;
};

export type ExpectedSize = { width: number; height: number };

/**
 * An 8192×8192 upscale, beyond what any image model returns, whose decoded pixels still fit in
 * 256 MB. A header claiming more is a decompression bomb or nothing a customer ordered: not decoded.
 */
export const maxPixels = 8192 * 8192;

/**
 * Spread is the largest standard deviation of a colour channel, on 0–255. A flat colour saved as a
 * JPEG stays well under 1 from compression noise, while a drawing or photo, even a product small on a
 * plain studio backdrop, lands in the tens. 2 sits clear of both, so a faint speck on an empty canvas
 * still counts as blank but anything a person would call a picture does not.
 */
export const uniformBelow = 2;

const undecodable: QualitySignals = {
  decodes: false,
  format: null,
  width: null,
  height: null,
  uniform: null,
  spread: null,
  problem: undecodableFinding,
};

type Header = { format: string; width: number; height: number };

/** image-size's names for formats that sharp names otherwise: a check's format reads the same whichever read it. */
const sharpFormatNames: Record<string, string> = {
  jpg: "jpeg",
  avif: "heif",
  heic: "heif",
  j2c: "jp2",
  "jxl-stream": "jxl",
};

function upright(width: number, height: number, orientation: number | undefined) {
  // EXIF orientations 5 to 8 turn the picture a quarter, so it is seen as wide as it is stored high.
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * The format and upright size a file claims. image-size reads the common formats' headers in JavaScript for
 * a fraction of what a call into sharp costs; the few headers it cannot read, such as an SVG after a long
 * prolog, go to sharp's own reader. Only a header is parsed, so there is nothing to guard against yet.
 */
async function header(bytes: Buffer): Promise<Header | null> {
  try {
    const { type, width, height, orientation } = imageSize(bytes);
    if (type) return { format: sharpFormatNames[type] ?? type, ...upright(width, height, orientation) };
  } catch {
    // A header image-size cannot read may still be one sharp can.
  }
  try {
    const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    return { format: metadata.format, ...metadata.autoOrient };
  } catch {
    return null;
  }
}

/**
 * Every pixel, as 8-bit sRGB so that spread means the same for 16-bit, greyscale and CMYK files.
 * "error" rather than sharp's default "warning": browsers show files that merely warn (stray bytes
 * after the data, say), and a file the customer can view is not unusable.
 */
async function pixels(bytes: Buffer) {
  try {
    return await sharp(bytes, { autoOrient: true, failOn: "error", limitInputPixels: maxPixels })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch {
    return null;
  }
}

/**
 * The largest colour channel's sample standard deviation, in one pass over the pixels. sharp's
 * stats() would also work out sharpness, entropy and the dominant colour, which cost about 10 ms of
 * CPU even for a thumbnail, on every success a host reports. The sums stay in local variables: kept in
 * arrays indexed by channel, the same pass took twice as long, about 9 ms for a 1024×1024 output.
 */
function blankness({ data, info }: { data: Buffer; info: OutputInfo }) {
  // Decoded as sRGB, every pixel has its three colours, and a fourth channel only for alpha.
  const { channels } = info;
  let red = 0;
  let green = 0;
  let blue = 0;
  let redSquares = 0;
  let greenSquares = 0;
  let blueSquares = 0;
  for (let offset = 0; offset < data.length; offset += channels) {
    const r = data[offset]!;
    const g = data[offset + 1]!;
    const b = data[offset + 2]!;
    red += r;
    green += g;
    blue += b;
    redSquares += r * r;
    greenSquares += g * g;
    blueSquares += b * b;
  }
  let opaquest = 0;
  if (channels === 4) {
    for (let offset = 3; offset < data.length; offset += 4) opaquest = Math.max(opaquest, data[offset]!);
  }
  // Whatever colours a fully transparent image carries, nobody sees them.
  if (channels === 4 && opaquest === 0) return { uniform: true, spread: 0 };
  const count = data.length / channels;
  const deviation = (sum: number, squares: number) =>
    count < 2 ? 0 : Math.sqrt(Math.max(0, squares - sum ** 2 / count) / (count - 1));
  const spread = Math.max(deviation(red, redSquares), deviation(green, greenSquares), deviation(blue, blueSquares));
  return { uniform: spread < uniformBelow, spread };
}

function firstFinding(signals: Omit<QualitySignals, "problem">, expected: ExpectedSize | null): string | null {
  const [finding] = unusableFindings({
    status: "checked",
    ...signals,
    expectedWidth: expected?.width ?? null,
    expectedHeight: expected?.height ?? null,
  });
  return finding ?? null;
}

/** The objective signals of one output file; `expected` is null when its size was not known in advance. */
export async function inspectOutput(bytes: Buffer, expected: ExpectedSize | null): Promise<QualitySignals> {
  const claimed = await header(bytes);
  if (!claimed) return undecodable;
  const { format, width, height } = claimed;
  if (width * height > maxPixels) {
    const signals = { decodes: null, format, width, height, uniform: null, spread: null };
    return {
      ...signals,
      problem: firstFinding(signals, expected) ?? `The image is ${width}×${height}, too large to check.`,
    };
  }
  const decoded = await pixels(bytes);
  if (!decoded) return { ...undecodable, format };
  const signals = {
    decodes: true,
    format,
    width: decoded.info.width,
    height: decoded.info.height,
    ...blankness(decoded),
  };
  return { ...signals, problem: firstFinding(signals, expected) };
}
