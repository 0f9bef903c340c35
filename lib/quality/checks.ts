import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { ValueOf } from "@/lib/sql/rendered-once";
import type { QualitySignals } from "./inspect";

/** The signals the service measured itself, each null when it did not (`measured` false). */
export type CheckValues = QualitySignals & { measured: boolean; checkedAt: string };

/** No signal: what a check holds before its file was read. */
export const unmeasured: QualitySignals = {
  decodes: null,
  format: null,
  width: null,
  height: null,
  uniform: null,
  spread: null,
  problem: null,
};

export function checkValuesOf(signals: QualitySignals | undefined, checkedAt: Date): CheckValues {
  return { ...(signals ?? unmeasured), measured: signals !== undefined, checkedAt: checkedAt.toISOString() };
}

/**
 * The WITH query that records a successful generation's quality check (`checked`). `generation` is read
 * as `g`, with the columns id, "featureKind", "expectedWidth" and "expectedHeight". A video is not
 * applicable, since the image decoder cannot read it and an unread file must not look like a broken
 * one; signals the service measured itself are stored as they are; otherwise the check is pending, due
 * at once, and the quality worker claims it from this table.
 */
export function qualityCheckWrites(generation: SQLWrapper, value: ValueOf<CheckValues>): SQL {
  const signal = (name: keyof QualitySignals, type: string) =>
    sql`case when outcome.status = 'checked' then ${value(name)}::${sql.raw(type)} end`;
  return sql`
    checked as (
      insert into quality_checks (generation_id, expected_width, expected_height, status, attempts, checked_at,
        next_attempt_at, decodes, format, width, height, uniform, spread, problem)
      select g.id, g."expectedWidth", g."expectedHeight", outcome.status,
        case when outcome.status = 'checked' then 1 else 0 end,
        case when outcome.status <> 'pending' then ${value("checkedAt")}::timestamptz end,
        case when outcome.status = 'pending' then ${value("checkedAt")}::timestamptz end,
        ${signal("decodes", "boolean")}, ${signal("format", "text")}, ${signal("width", "int")},
        ${signal("height", "int")}, ${signal("uniform", "boolean")}, ${signal("spread", "real")},
        ${signal("problem", "text")}
      from ${generation}, lateral (select case when g."featureKind" = 'video' then 'not_applicable'
        when ${value("measured")}::boolean then 'checked' else 'pending' end::quality_status as status) outcome
    )`;
}
