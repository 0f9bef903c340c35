import "server-only";
import { eq } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { generations, type Generation } from "@/db/schema";
import { notFound } from "@/lib/errors";

export async function generationById(id: string, executor: Executor = db): Promise<Generation> {
  const [generation] = await executor.select().from(generations).where(eq(generations.id, id));
  if (!generation) throw notFound("generation", id);
  return generation;
}
