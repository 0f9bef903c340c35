import "server-only";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { getFile, putFile } from "@/lib/storage/file-store";
import type { DemoOutcome } from "./demo-ai-service";

/**
 * Sample input images for the demo generator, drawn here rather than downloaded so that the project
 * carries no third-party pictures. They are product shots, not customer data, so anyone may see them.
 */

/** A sample with a forced outcome always comes back that way, so that anyone can watch that case happen. */
export type Sample = { id: string; label: string; forcedOutcome?: DemoOutcome };

const floor = `<ellipse cx="256" cy="404" rx="170" ry="16" fill="#0f172a" opacity="0.12"/>`;
const ink = `stroke="#1e293b" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"`;

const drawings: (Sample & { background: string; body: string })[] = [
  {
    id: "sneaker",
    label: "Sneaker",
    background: "#e0f2fe",
    body: `
      <path d="M72 350 Q70 382 104 384 L418 384 Q452 382 448 350 Z" fill="#f8fafc" ${ink}/>
      <path d="M84 350 L96 246 Q112 206 162 214 L226 226 Q262 186 304 206 L384 264 Q444 284 446 350 Z" fill="#ef4444" ${ink}/>
      <path d="M210 232 L244 258 M236 216 L270 242 M262 206 L296 230" stroke="#f8fafc" stroke-width="9" stroke-linecap="round"/>
      <path d="M128 316 Q246 318 352 272" stroke="#f8fafc" stroke-width="14" fill="none" stroke-linecap="round"/>`,
  },
  {
    id: "mug",
    label: "Mug",
    background: "#fef3c7",
    body: `
      <path d="M336 222 Q404 222 404 284 Q404 346 336 346" fill="none" stroke="#1e293b" stroke-width="30"/>
      <path d="M336 222 Q404 222 404 284 Q404 346 336 346" fill="none" stroke="#0ea5e9" stroke-width="18"/>
      <path d="M148 170 L348 170 L338 378 Q336 396 318 396 L178 396 Q160 396 158 378 Z" fill="#0ea5e9" ${ink}/>
      <rect x="176" y="240" width="144" height="56" rx="12" fill="#f8fafc" opacity="0.9"/>
      <path d="M210 140 Q196 118 212 96 M250 140 Q236 114 252 88 M290 140 Q276 118 292 96" stroke="#94a3b8" stroke-width="6" fill="none" stroke-linecap="round"/>`,
  },
  {
    id: "t-shirt",
    label: "T-shirt",
    background: "#dcfce7",
    body: `
      <path d="M196 112 Q256 150 316 112 L410 158 L378 236 L340 218 L340 396 L172 396 L172 218 L134 236 L102 158 Z" fill="#6366f1" ${ink}/>
      <path d="M196 112 Q256 176 316 112" fill="none" ${ink}/>
      <circle cx="256" cy="276" r="40" fill="#facc15" stroke="#1e293b" stroke-width="5"/>`,
  },
  {
    id: "sofa",
    label: "Sofa",
    background: "#f3e8ff",
    body: `
      <rect x="120" y="170" width="272" height="120" rx="24" fill="#0d9488" ${ink}/>
      <rect x="88" y="252" width="336" height="92" rx="20" fill="#14b8a6" ${ink}/>
      <rect x="70" y="226" width="64" height="132" rx="26" fill="#0f766e" ${ink}/>
      <rect x="378" y="226" width="64" height="132" rx="26" fill="#0f766e" ${ink}/>
      <path d="M256 260 L256 340" stroke="#1e293b" stroke-width="5"/>
      <path d="M108 358 L100 398 M404 358 L412 398" ${ink}/>`,
  },
  {
    id: "handbag",
    label: "Handbag",
    background: "#ffe4e6",
    body: `
      <path d="M190 214 Q190 118 256 118 Q322 118 322 214" fill="none" stroke="#1e293b" stroke-width="24"/>
      <path d="M190 214 Q190 118 256 118 Q322 118 322 214" fill="none" stroke="#92400e" stroke-width="12"/>
      <path d="M138 206 L374 206 L408 392 L104 392 Z" fill="#b45309" ${ink}/>
      <path d="M138 206 L256 278 L374 206" fill="none" ${ink}/>
      <rect x="240" y="266" width="32" height="28" rx="6" fill="#facc15" stroke="#1e293b" stroke-width="5"/>`,
  },
  {
    id: "lamp",
    label: "Desk lamp",
    background: "#ecfccb",
    body: `
      <path d="M186 96 L326 96 L370 214 L142 214 Z" fill="#f97316" ${ink}/>
      <rect x="244" y="214" width="24" height="150" fill="#475569" ${ink}/>
      <ellipse cx="256" cy="380" rx="96" ry="22" fill="#334155" ${ink}/>
      <path d="M214 214 Q256 244 298 214" fill="#fde68a" opacity="0.9"/>`,
  },
  {
    id: "stress-test",
    label: "Stress test: always fails (demo)",
    forcedOutcome: "failure",
    background: "#fef9c3",
    body: `
      <path d="M256 92 L424 380 L88 380 Z" fill="#facc15" ${ink}/>
      <rect x="240" y="176" width="32" height="120" rx="12" fill="#1e293b"/>
      <circle cx="256" cy="334" r="20" fill="#1e293b"/>`,
  },
  {
    id: "stress-blank",
    label: "Stress test: comes back blank (demo)",
    forcedOutcome: "blank",
    background: "#f1f5f9",
    body: `
      <rect x="112" y="96" width="288" height="288" rx="16" fill="#ffffff" stroke="#94a3b8" stroke-width="6" stroke-dasharray="22 14"/>
      <path d="M208 240 L304 240" stroke="#cbd5e1" stroke-width="10" stroke-linecap="round"/>`,
  },
];

export const samples: Sample[] = drawings.map(({ id, label, forcedOutcome }) => ({ id, label, forcedOutcome }));

export function findSample(id: string): Sample | undefined {
  return samples.find((sample) => sample.id === id);
}

export function sampleUrl(id: string): string {
  return `/api/samples/${id}`;
}

function svgOf(drawing: (typeof drawings)[number]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
    <rect width="512" height="512" fill="${drawing.background}"/>${floor}${drawing.body}</svg>`;
}

/** Renders a sample once and keeps the PNG in the file store; returns null for an unknown id. */
export async function samplePng(id: string): Promise<Buffer | null> {
  const drawing = drawings.find((candidate) => candidate.id === id);
  if (!drawing) return null;
  const svg = svgOf(drawing);
  // Named by content, so that a redrawn sample never comes back from the cache in its old form.
  const key = `samples/${id}-${createHash("sha256").update(svg).digest("hex").slice(0, 12)}.png`;
  const stored = await getFile(key);
  if (stored) return stored.buffer;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  await putFile(key, png, "image/png");
  return png;
}
