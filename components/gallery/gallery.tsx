"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { NewGenerationOptions, OwnGenerations } from "@/lib/generations/gallery";
import { GenerationTile } from "./generation-tile";
import { NewGenerationForm } from "./new-generation-form";
import { fetchOwnGenerations, ownBalanceKey, ownGenerationsKey } from "./queries";

const pollWhileRunningMs = 1_000;

export function Gallery({
  initial,
  newGeneration,
  minDetailsLength,
}: {
  initial: OwnGenerations;
  newGeneration: NewGenerationOptions | null;
  minDetailsLength: number;
}) {
  const queryClient = useQueryClient();
  const { data, dataUpdatedAt } = useQuery({
    queryKey: ownGenerationsKey,
    queryFn: fetchOwnGenerations,
    initialData: initial,
    // Polls only while something is running: finished generations never change on their own.
    refetchInterval: (query) =>
      query.state.data?.generations.some((item) => item.status === "running") ? pollWhileRunningMs : false,
  });
  useEffect(() => {
    queryClient.setQueryData(ownBalanceKey, data.balance);
  }, [data.balance, queryClient]);
  return (
    <div className={newGeneration ? "grid items-start gap-6 lg:grid-cols-[18rem_1fr]" : undefined}>
      {newGeneration ? <NewGenerationForm {...newGeneration} /> : null}
      {data.generations.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
          <p className="font-medium text-slate-800">No generations yet</p>
          <p className="mt-1 text-sm text-slate-500">
            {newGeneration
              ? "Pick a feature and a sample image, and your result shows up here."
              : "The images you make in the app show up here."}
          </p>
        </div>
      ) : (
        <ul aria-label="Generations" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-4">
          {data.generations.map((item) => (
            <GenerationTile key={item.id} item={item} now={dataUpdatedAt} minDetailsLength={minDetailsLength} />
          ))}
        </ul>
      )}
    </div>
  );
}
