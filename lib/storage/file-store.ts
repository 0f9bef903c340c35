import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";

export type StoredFile = { buffer: Buffer; contentType: string };

// No segment may start with a dot, so "." and ".." can never appear and every key stays in the store.
const segmentPattern = /^[A-Za-z0-9_-][A-Za-z0-9_.:-]{0,127}$/;
const typeSuffix = ".content-type";

function pathOf(key: string): string {
  const segments = key.split("/");
  if (segments.length > 8 || !segments.every((segment) => segmentPattern.test(segment)) || key.endsWith(typeSuffix)) {
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  }
  return path.resolve(config().dataDir, "files", ...segments);
}

/** Writes beside the target and renames, so a reader sees the whole file or none of it. */
async function writeAtomically(file: string, data: Buffer | string) {
  const temporary = `${file}.${randomUUID()}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, file);
}

export async function putFile(key: string, buffer: Buffer, contentType: string): Promise<void> {
  const file = pathOf(key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeAtomically(`${file}${typeSuffix}`, contentType);
  await writeAtomically(file, buffer);
}

export async function getFile(key: string): Promise<StoredFile | null> {
  const file = pathOf(key);
  try {
    const [buffer, contentType] = await Promise.all([fs.readFile(file), fs.readFile(`${file}${typeSuffix}`, "utf8")]);
    return { buffer, contentType };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
