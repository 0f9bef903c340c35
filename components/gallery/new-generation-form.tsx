"use client";

import Image from "next/image";
import { useQueryClient } from "@tanstack/react-query";
import { useActionState, useEffect, useState } from "react";
import { createGenerationAction } from "@/app/(customer)/actions";
import { Button } from "@/components/ui/button";
import { idleState } from "@/lib/auth/action-state.shared";
import { credits } from "@/lib/format/credits.shared";
import type { NewGenerationOptions } from "@/lib/generations/gallery";
import { ownBalanceKey, ownGenerationsKey } from "./queries";
import { FormNotice } from "@/components/ui/form-notice";

export function NewGenerationForm({ features, samples }: NewGenerationOptions) {
  const [state, action, pending] = useActionState(createGenerationAction, idleState);
  const [featureKey, setFeatureKey] = useState(features[0]?.key ?? "");
  const queryClient = useQueryClient();
  useEffect(() => {
    if (state.status !== "success") return;
    void queryClient.invalidateQueries({ queryKey: ownGenerationsKey });
    void queryClient.invalidateQueries({ queryKey: ownBalanceKey });
  }, [state, queryClient]);
  const cost = features.find((feature) => feature.key === featureKey)?.cost;
  const fieldErrors = state.status === "error" ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 className="text-base font-semibold text-slate-900">New generation</h2>
      <div className="space-y-1.5">
        <label htmlFor="featureKey" className="block text-sm font-medium text-slate-700">
          Feature
        </label>
        <select
          id="featureKey"
          name="featureKey"
          value={featureKey}
          onChange={(event) => setFeatureKey(event.target.value)}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        >
          {features.map((feature) => (
            <option key={feature.key} value={feature.key}>
              {feature.name} · {credits(feature.cost)}
            </option>
          ))}
        </select>
        {fieldErrors?.featureKey ? <p className="text-sm text-red-600">{fieldErrors.featureKey}</p> : null}
      </div>
      <fieldset className="space-y-1.5">
        <legend className="mb-1.5 text-sm font-medium text-slate-700">Sample image</legend>
        <div className="grid grid-cols-3 gap-2 sm:grid-cols-4 lg:grid-cols-2">
          {samples.map((sample, index) => (
            <label
              key={sample.id}
              className="cursor-pointer overflow-hidden rounded-lg border border-slate-200 text-xs text-slate-700 has-checked:border-brand-500 has-checked:ring-2 has-checked:ring-brand-100"
            >
              <Image
                src={sample.imageUrl}
                alt=""
                width={160}
                height={160}
                unoptimized
                loading="eager"
                className="aspect-square w-full"
              />
              <span className="flex items-start gap-1.5 p-1.5">
                <input
                  type="radio"
                  name="sampleId"
                  value={sample.id}
                  defaultChecked={index === 0}
                  className="mt-0.5 accent-brand-600"
                />
                <span>{sample.label}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors?.sampleId ? <p className="text-sm text-red-600">{fieldErrors.sampleId}</p> : null}
      </fieldset>
      {state.status === "error" && !fieldErrors ? <FormNotice tone="error">{state.message}</FormNotice> : null}
      {state.status === "success" ? <FormNotice tone="success">{state.message}</FormNotice> : null}
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600">{cost === undefined ? null : `Costs ${credits(cost)}`}</p>
        <Button type="submit" disabled={pending}>
          {pending ? "Starting…" : "Generate"}
        </Button>
      </div>
    </form>
  );
}
