import "server-only";
import { eq } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { generations } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Generation } from "./lifecycle";

export function generationNotFound(id: string): DomainError {
  return new DomainError("generation.not_found", `No generation has the id ${id}.`);
}

export async function generationById(id: string, executor: Executor = db): Promise<Generation> {
  const [generation] = await executor.select().from(generations).where(eq(generations.id, id));
  if (!generation) throw generationNotFound(id);
  return generation;
}
