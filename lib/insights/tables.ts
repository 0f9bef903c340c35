import "server-only";
import { insightActionKindLabels } from "./action-kinds.shared";
import type { ActionWithEffect } from "./actions";
import type { CsvCell, CsvTable } from "./csv";
import { figureNames } from "./figures";
import type { Insights } from "./insights";
import type { InsightRow, Slice } from "./rows";

/** Every table /admin/insights shows, as its CSV export writes it. */
export const insightTables = [
  "features",
  "models",
  "platforms",
  "weekly",
  "reasons",
  "themes",
  "flags",
  "actions",
] as const;
export type InsightTable = (typeof insightTables)[number];

const rate = (value: number) => Number(value.toFixed(4));

const sliceHeader = [...figureNames, "refundRate", "reportRate"];

function sliceCells(slice: Slice): CsvCell[] {
  return [...figureNames.map((name) => slice[name]), rate(slice.refundRate), rate(slice.reportRate)];
}

function rowsTable(rows: readonly InsightRow[]): CsvTable {
  return {
    header: ["key", "name", ...sliceHeader, ...sliceHeader.map((name) => `previous_${name}`)],
    rows: rows.map((row) => [
      row.key.replace("\u0000", "/"),
      row.label,
      ...sliceCells(row.current),
      ...sliceCells(row.previous),
    ]),
  };
}

export function insightTable(table: InsightTable, insights: Insights, actions: readonly ActionWithEffect[]): CsvTable {
  switch (table) {
    case "features":
      return rowsTable(insights.byFeature);
    case "models":
      return rowsTable(insights.byModel);
    case "platforms":
      return rowsTable(insights.byPlatform);
    case "weekly":
      return {
        header: ["weekStart", "days", ...sliceHeader],
        rows: insights.weekly.map((week) => [week.start, week.days, ...sliceCells(week.figures)]),
      };
    case "reasons":
      return {
        header: ["feature", "reason", "reports", "previousReports"],
        rows: insights.reasons.flatMap((feature) =>
          feature.items.map((item) => [feature.label, item.label, item.current, item.previous]),
        ),
      };
    case "themes":
      return {
        header: ["feature", "theme", "reports", "previousReports"],
        rows: insights.themes.flatMap((feature) =>
          feature.items.map((item) => [feature.label, item.phrase, item.reports, item.previous]),
        ),
      };
    case "flags":
      return {
        header: ["subject", "metric", "rate", "previousRate", "sentence"],
        rows: insights.flags.map((flag) => [
          flag.subject,
          flag.metric,
          rate(flag.current),
          rate(flag.previous),
          flag.sentence,
        ]),
      };
    case "actions":
      return {
        header: [
          "takenOn",
          "kind",
          "feature",
          "theme",
          "title",
          "link",
          "windowDays",
          "refundRateBefore",
          "refundRateAfter",
          "reportRateBefore",
          "reportRateAfter",
        ],
        rows: actions.map((action) => [
          action.takenOn,
          insightActionKindLabels[action.kind],
          action.featureKey,
          action.theme,
          action.title,
          action.link,
          action.days,
          rate(action.before.refundRate),
          rate(action.after.refundRate),
          rate(action.before.reportRate),
          rate(action.after.reportRate),
        ]),
      };
  }
}
