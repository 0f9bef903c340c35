"use client";

import { platforms, refundRequestKinds, type Platform, type RefundReason, type RefundRequestKind } from "@/db/enums";
import { platformLabels } from "@/lib/generations/labels.shared";
import { refundReasons } from "@/lib/refunds/reasons.shared";
import { requestKindLabels } from "./kind-badge";
import type { QueueFilterParams } from "./queue-api";

const selectClasses =
  "block w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100";

function Choice({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <label className="min-w-0 space-y-1 text-xs font-medium text-slate-600">
      <span>{label}</span>
      <select
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || undefined)}
        className={selectClasses}
      >
        <option value="">All</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function QueueFilters({
  filters,
  onChange,
  features,
}: {
  filters: QueueFilterParams;
  onChange: (filters: QueueFilterParams) => void;
  features: { key: string; name: string }[];
}) {
  return (
    <div
      role="group"
      aria-label="Filters"
      className="grid grid-cols-2 items-end gap-3 sm:grid-cols-[repeat(4,minmax(0,11rem))_auto]"
    >
      <Choice
        label="Kind"
        value={filters.kind}
        onChange={(kind) => onChange({ ...filters, kind: kind as RefundRequestKind | undefined })}
        options={refundRequestKinds.map((kind) => ({ value: kind, label: requestKindLabels[kind] }))}
      />
      <Choice
        label="Feature"
        value={filters.feature}
        onChange={(feature) => onChange({ ...filters, feature })}
        options={features.map((feature) => ({ value: feature.key, label: feature.name }))}
      />
      <Choice
        label="Platform"
        value={filters.platform}
        onChange={(platform) => onChange({ ...filters, platform: platform as Platform | undefined })}
        options={platforms.map((platform) => ({ value: platform, label: platformLabels[platform] }))}
      />
      <Choice
        label="Reason"
        value={filters.reason}
        onChange={(reason) => onChange({ ...filters, reason: reason as RefundReason | undefined })}
        options={refundReasons.map((reason) => ({ value: reason.value, label: reason.label }))}
      />
      <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={filters.breached === "1"}
          onChange={(event) => onChange({ ...filters, breached: event.target.checked ? "1" : undefined })}
          className="size-4 accent-brand-600"
        />
        Breached only
      </label>
    </div>
  );
}
