import { crc32 } from "node:zlib";
import { imageSize } from "image-size";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { inspectOutput, maxPixels, uniformBelow } from "./inspect";

const square = { width: 512, height: 512 };

function drawing(width = 512, height = 512) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#e0f2fe"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#ef4444" stroke="#1e293b" stroke-width="8"/>
    <rect x="20" y="20" width="${width / 4}" height="${height / 5}" fill="#facc15"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function plain(background: string | { r: number; g: number; b: number; alpha: number }, channels: 3 | 4 = 3) {
  return sharp({ create: { width: 512, height: 512, channels, background } })
    .png()
    .toBuffer();
}

/** One colour with every value nudged by -1, 0 or +1, as a noisy encoder would leave it. */
function faintlyNoisy() {
  const pixels = Buffer.alloc(256 * 256 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = [120, 160, 200][i % 3]! + Math.floor(Math.random() * 3) - 1;
  return sharp(pixels, { raw: { width: 256, height: 256, channels: 3 } });
}

/** A real PNG whose header claims another size, with the checksum made right so that only the size lies. */
async function claimingSize(width: number, height: number) {
  const png = Buffer.from(await plain("#ffffff"));
  // The IHDR chunk follows the 8-byte signature: length (4), type (4), width (4), height (4), ... crc.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A JPEG turned a quarter by its EXIF orientation (6), whose frame header claims another stored size. */
async function turnedJpegClaiming(width: number, height: number) {
  const jpeg = Buffer.from(
    await sharp({ create: { width: 64, height: 32, channels: 3, background: "#336699" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  );
  // The baseline frame header: marker (2), length (2), precision (1), height (2), width (2).
  const frame = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(height, frame + 5);
  jpeg.writeUInt16BE(width, frame + 7);
  return jpeg;
}

/** An SVG whose root element comes after a prolog longer than image-size looks into. */
function svgAfterLongProlog(width: number, height: number) {
  return Buffer.from(
    `<?xml version="1.0"?><!-- ${"A long licence notice. ".repeat(60)} -->
    <svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#0ea5e9"/><circle cx="10" cy="10" r="6" fill="#f97316"/></svg>`,
  );
}

const small = (format: "webp" | "gif" | "tiff" | "heif") =>
  sharp({ create: { width: 30, height: 20, channels: 3, background: "#22c55e" } })
    .composite([{ input: Buffer.from([0, 0, 0]), raw: { width: 1, height: 1, channels: 3 }, left: 3, top: 4 }])
    .toFormat(format, format === "heif" ? { compression: "av1" } : {})
    .toBuffer();

describe("inspectOutput", () => {
  it.each([
    ["a PNG", () => drawing(300, 200)],
    ["a JPEG turned by its orientation", () => turnedJpegClaiming(64, 32)],
    ["a WebP", () => small("webp")],
    ["a GIF", () => small("gif")],
    ["a TIFF", () => small("tiff")],
    ["an AVIF", () => small("heif")],
    ["an SVG after a long prolog", () => Promise.resolve(svgAfterLongProlog(40, 30))],
  ])("names the format and upright size of %s as sharp does", async (_, make) => {
    const bytes = await make();
    const { format, autoOrient } = await sharp(bytes).metadata();
    expect(await inspectOutput(bytes, null)).toMatchObject({ decodes: true, format, ...autoOrient });
  });

  it.each([
    ["a drawing", () => drawing(300, 200)],
    [
      "gaussian noise",
      () =>
        sharp({
          create: {
            width: 97,
            height: 61,
            channels: 3,
            background: "#808080",
            noise: { type: "gaussian", mean: 90, sigma: 30 },
          },
        })
          .png()
          .toBuffer(),
    ],
    ["a faint half-transparent wash", () => plain({ r: 10, g: 200, b: 90, alpha: 0.5 }, 4)],
    ["faint noise", () => faintlyNoisy().png().toBuffer()],
  ])("measures the spread of %s as sharp's own statistics do", async (_, image) => {
    const bytes = await image();
    const { channels } = await sharp(bytes).toColourspace("srgb").stats();
    const largest = Math.max(...channels.slice(0, 3).map((channel) => channel.stdev));
    expect((await inspectOutput(bytes, null)).spread).toBeCloseTo(largest, 6);
  });

  it("passes an ordinary drawing of the expected size", async () => {
    const signals = await inspectOutput(await drawing(), square);
    expect(signals).toMatchObject({
      decodes: true,
      format: "png",
      width: 512,
      height: 512,
      uniform: false,
      problem: null,
    });
    expect(signals.spread).toBeGreaterThan(10 * uniformBelow);
  });

  it.each([
    ["plain white", () => plain("#ffffff")],
    ["plain dark blue", () => plain("#1e3a8a")],
    ["fully transparent", () => plain({ r: 200, g: 10, b: 90, alpha: 0 }, 4)],
  ])("finds %s blank", async (_name, make) => {
    expect(await inspectOutput(await make(), square)).toMatchObject({
      decodes: true,
      uniform: true,
      spread: 0,
      problem: "The image is blank: a single colour.",
    });
  });

  it.each([
    ["a JPEG", () => faintlyNoisy().jpeg({ quality: 70 }).toBuffer()],
    ["a 16-bit PNG", () => faintlyNoisy().toColourspace("rgb16").png().toBuffer()],
  ])("finds a single colour with faint noise blank, saved as %s", async (_name, make) => {
    const signals = await inspectOutput(await make(), null);
    expect(signals).toMatchObject({ decodes: true, uniform: true, problem: "The image is blank: a single colour." });
    expect(signals.spread).toBeGreaterThan(0);
    expect(signals.spread).toBeLessThan(uniformBelow);
  });

  it("does not decode a PNG signature followed by junk", async () => {
    const junk = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from("not an image"),
    ]);
    expect(await inspectOutput(junk, square)).toEqual({
      decodes: false,
      format: null,
      width: null,
      height: null,
      uniform: null,
      spread: null,
      problem: "The file does not decode as an image.",
    });
  });

  it("does not decode a PNG cut short, even though its header reads well", async () => {
    const whole = await drawing();
    expect(await inspectOutput(whole.subarray(0, whole.length - 64), square)).toMatchObject({
      decodes: false,
      format: "png",
      width: null,
      uniform: null,
      problem: "The file does not decode as an image.",
    });
  });

  it("names both sizes when the image is not the size expected", async () => {
    expect(await inspectOutput(await drawing(512, 300), square)).toMatchObject({
      decodes: true,
      width: 512,
      height: 300,
      uniform: false,
      problem: "The image is 512×300, not the expected 512×512.",
    });
  });

  it("finds no size problem when no size was expected", async () => {
    expect(await inspectOutput(await drawing(512, 300), null)).toMatchObject({
      width: 512,
      height: 300,
      problem: null,
    });
  });

  it("refuses to decode a header claiming more pixels than the limit, but keeps the size it claims", async () => {
    const bomb = await claimingSize(40_000, 40_000);
    expect(40_000 * 40_000).toBeGreaterThan(maxPixels);
    expect(await inspectOutput(bomb, null)).toEqual({
      decodes: null,
      format: "png",
      width: 40_000,
      height: 40_000,
      uniform: null,
      spread: null,
      problem: "The image is 40000×40000, too large to check.",
    });
    expect((await inspectOutput(bomb, square)).problem).toBe("The image is 40000×40000, not the expected 512×512.");
  });

  it("names a turned JPEG's upright size, as sharp reads it, when it claims too many pixels", async () => {
    const bomb = await turnedJpegClaiming(60_000, 2_000);
    const { autoOrient } = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect(autoOrient).toEqual({ width: 2_000, height: 60_000 });
    expect(await inspectOutput(bomb, null)).toMatchObject({
      decodes: null,
      format: "jpeg",
      width: 2_000,
      height: 60_000,
      problem: "The image is 2000×60000, too large to check.",
    });
  });

  it("reads through sharp a header that image-size cannot, and still refuses one claiming too many pixels", async () => {
    const bomb = svgAfterLongProlog(40_000, 40_000);
    expect(() => imageSize(bomb)).toThrow();
    expect(await inspectOutput(bomb, null)).toMatchObject({
      decodes: null,
      format: "svg",
      width: 40_000,
      height: 40_000,
      problem: "The image is 40000×40000, too large to check.",
    });
  });
});
