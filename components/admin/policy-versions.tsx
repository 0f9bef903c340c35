"use client";

import { useState } from "react";
import {
  amount,
  downloadedThenUsedLabel,
  numericSettings,
  type PolicySettings,
} from "@/lib/policy/settings-form.shared";

export type PolicyVersionView = PolicySettings & {
  version: number;
  note: string;
  authorName: string | null;
  savedAt: string;
};

const rows = [
  ...numericSettings.map((setting) => ({
    key: setting.key,
    label: setting.label,
    show: (version: PolicySettings) => amount(version[setting.key], setting.unit),
  })),
  {
    key: "denyDownloadedThenUsed" as const,
    label: downloadedThenUsedLabel,
    show: (version: PolicySettings) => (version.denyDownloadedThenUsed ? "On" : "Off"),
  },
];

const selectClasses =
  "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100";

/** The history, newest first, and any two versions side by side with the settings that differ marked. */
export function PolicyVersions({ versions }: { versions: PolicyVersionView[] }) {
  const [left, setLeft] = useState(versions[1]?.version ?? versions[0]?.version);
  const [right, setRight] = useState(versions[0]?.version);
  const older = versions.find((version) => version.version === left);
  const newer = versions.find((version) => version.version === right);
  if (!older || !newer) return <p className="text-sm text-slate-500">No versions have been saved yet.</p>;
  const picker = (label: string, value: number, onChange: (version: number) => void) => (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      {label}
      <select value={value} onChange={(event) => onChange(Number(event.target.value))} className={selectClasses}>
        {versions.map((version) => (
          <option key={version.version} value={version.version}>
            Version {version.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="space-y-6">
      <ul className="divide-y divide-slate-100 text-sm" aria-label="Versions">
        {versions.map((version, index) => (
          <li key={version.version} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
            <span>
              <span className="font-medium">Version {version.version}</span>
              {index === 0 ? (
                <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">in force</span>
              ) : null}
              <span className="ml-2 text-slate-600">{version.note}</span>
            </span>
            <span className="text-slate-500">
              {version.authorName ?? "System"} · {version.savedAt}
            </span>
          </li>
        ))}
      </ul>
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm font-medium text-slate-800">Compare</span>
          {picker("from", older.version, setLeft)}
          {picker("to", newer.version, setRight)}
        </div>
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="w-full min-w-[32rem] text-sm" aria-label="Comparison">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Setting
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Version {older.version}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Version {newer.version}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => {
                const changed = older[row.key] !== newer[row.key];
                return (
                  <tr
                    key={row.key}
                    data-changed={changed || undefined}
                    className={changed ? "bg-amber-50 font-medium" : ""}
                  >
                    <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-700">
                      {row.label}
                      {changed ? <span className="sr-only"> (changed)</span> : null}
                    </th>
                    <td className="px-3 py-2">{row.show(older)}</td>
                    <td className="px-3 py-2">{row.show(newer)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
