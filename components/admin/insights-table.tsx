"use client";

import { useState } from "react";
import type { InsightRow, Slice } from "@/lib/insights/rows";
import { percent } from "@/lib/insights/percent.shared";

type Column = { key: "label" | keyof Slice; label: string; rate?: true };

const columns: Column[] = [
  { key: "label", label: "Name" },
  { key: "generations", label: "Generations" },
  { key: "succeeded", label: "Succeeded" },
  { key: "failed", label: "Failed" },
  { key: "refundRequests", label: "Reports" },
  { key: "approved", label: "Approved" },
  { key: "denied", label: "Denied" },
  { key: "inReview", label: "In review" },
  { key: "creditsSpent", label: "Credits spent" },
  { key: "creditsRefunded", label: "Credits refunded" },
  { key: "refundRate", label: "Refund rate", rate: true },
  { key: "reportRate", label: "Report rate", rate: true },
];

type Sort = { key: Column["key"]; descending: boolean };

function sortValue(row: InsightRow, key: Column["key"]): string | number {
  return key === "label" ? row.label : row.current[key];
}

function sorted(rows: readonly InsightRow[], { key, descending }: Sort): InsightRow[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const order = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return descending ? -order : order;
  });
}

const count = new Intl.NumberFormat("en");

/**
 * An insights table that sorts by any column, on the client: the numbers are all here already. Each
 * cell shows the period's figure with the previous period's beneath it.
 */
export function InsightsTable({ caption, rows }: { caption: string; rows: readonly InsightRow[] }) {
  const [sort, setSort] = useState<Sort>({ key: "generations", descending: true });
  const shown = sorted(rows, sort);
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            {columns.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
                  className={`px-2 py-2 font-medium ${column.key === "label" ? "" : "text-right"}`}
                >
                  <button
                    type="button"
                    className="rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
                    onClick={() =>
                      setSort({ key: column.key, descending: active ? !sort.descending : column.key !== "label" })
                    }
                  >
                    {column.label}
                    <span aria-hidden="true">{active ? (sort.descending ? " ↓" : " ↑") : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {shown.map((row) => (
            <tr key={row.key}>
              {columns.map((column) =>
                column.key === "label" ? (
                  <th key={column.key} scope="row" className="px-2 py-2 text-left font-medium text-slate-900">
                    {row.label}
                  </th>
                ) : (
                  <td key={column.key} className="px-2 py-2 text-right tabular-nums">
                    {column.rate ? percent(row.current[column.key]) : count.format(row.current[column.key])}
                    <span className="block text-xs text-slate-500">
                      {column.rate ? percent(row.previous[column.key]) : count.format(row.previous[column.key])} before
                    </span>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="py-3 text-sm text-slate-500">No generations in this period.</p> : null}
    </div>
  );
}
