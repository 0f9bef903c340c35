import "server-only";
import { desc, eq } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { InsightActionKind } from "@/db/enums";
import { features, insightActions, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, unknownFeature } from "@/lib/errors";
import { dailyFigures, readingInsights, reportTexts } from "./daily";
import { sumFigures } from "./figures";
import { addDays, daysIn, utcDay, type Period } from "./periods";
import { slice } from "./rows";
import { usesPhrase } from "./themes";

export type NewInsightAction = {
  kind: InsightActionKind;
  featureKey?: string;
  theme?: string;
  title: string;
  link?: string;
  /** The UTC day it took effect, YYYY-MM-DD. */
  takenOn: string;
};

/** Records what the team did, with its audit event in the same transaction. */
export async function recordInsightAction(actor: CurrentUser, input: NewInsightAction, now = new Date()) {
  if (input.takenOn > utcDay(now)) {
    throw new DomainError("validation.failed", "The date cannot be in the future.", "takenOn");
  }
  return db.transaction(async (tx) => {
    if (input.featureKey) {
      const [feature] = await tx.select({ key: features.key }).from(features).where(eq(features.key, input.featureKey));
      if (!feature) throw unknownFeature(input.featureKey, "featureKey");
    }
    const [action] = await tx
      .insert(insightActions)
      .values({
        kind: input.kind,
        featureKey: input.featureKey ?? null,
        theme: input.theme ?? null,
        title: input.title,
        link: input.link ?? null,
        takenOn: new Date(`${input.takenOn}T00:00:00Z`),
        authorId: actor.id,
      })
      .returning();
    if (!action) throw new Error("insert returned no insight action");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "insight_action.recorded",
      targetType: "insight_action",
      targetId: action.id,
      after: {
        kind: action.kind,
        featureKey: action.featureKey,
        theme: action.theme,
        title: action.title,
        link: action.link,
        takenOn: input.takenOn,
      },
    });
    return action;
  });
}

export type Rates = { refundRate: number; reportRate: number; reports: number };

export type ActionWithEffect = {
  id: string;
  kind: InsightActionKind;
  featureKey: string | null;
  theme: string | null;
  title: string;
  link: string | null;
  takenOn: string;
  author: string | null;
  /** The length of each window: up to 30 days, and no longer than the time since (today included). */
  days: number;
  before: Rates;
  after: Rates;
};

export const effectWindowDays = 30;

/** The equal windows just before and from the day an action took effect. */
export function effectWindows(takenOn: string, now = new Date()): { days: number; before: Period; after: Period } {
  const sinceDays = daysIn({ from: takenOn, to: addDays(utcDay(now), 1) });
  const days = Math.max(1, Math.min(effectWindowDays, sinceDays));
  return {
    days,
    before: { from: addDays(takenOn, -days), to: takenOn },
    after: { from: takenOn, to: addDays(takenOn, days) },
  };
}

/**
 * A feature's rates on each side of the day; for a theme, only the reports whose words use it count,
 * against all of the feature's spending and successes.
 */
async function ratesAround(
  executor: Executor,
  action: { featureKey: string | null; theme: string | null; takenOn: string },
  window: Period,
) {
  const featureKey = action.featureKey ?? undefined;
  const rows = await dailyFigures(executor, window, featureKey);
  const side = (later: boolean) => slice(sumFigures(rows.filter((row) => row.day >= action.takenOn === later)));
  const figures = { before: side(false), after: side(true) };
  const { theme } = action;
  if (theme === null) {
    const rates = (of: (typeof figures)["before"]) => ({
      refundRate: of.refundRate,
      reportRate: of.reportRate,
      reports: of.refundRequests,
    });
    return { before: rates(figures.before), after: rates(figures.after) };
  }
  const texts = (await reportTexts(executor, window, action.takenOn, featureKey)).filter((text) =>
    usesPhrase(text.details, theme),
  );
  const themed = (later: boolean) => {
    const own = texts.filter((text) => text.later === later);
    const spent = later ? figures.after : figures.before;
    const reports = own.reduce((sum, text) => sum + text.reports, 0);
    const refunded = own.reduce((sum, text) => sum + text.creditsRefunded, 0);
    return {
      refundRate: spent.creditsSpent === 0 ? 0 : refunded / spent.creditsSpent,
      reportRate: spent.succeeded === 0 ? 0 : reports / spent.succeeded,
      reports,
    };
  };
  return { before: themed(false), after: themed(true) };
}

export const actionsShown = 20;

/** The latest actions, each with the rates of its feature or theme before and after it. */
export function insightActionsWithEffect(now = new Date(), executor: typeof db = db): Promise<ActionWithEffect[]> {
  return readingInsights(executor, async (tx) => {
    const rows = await tx
      .select({
        id: insightActions.id,
        kind: insightActions.kind,
        featureKey: insightActions.featureKey,
        theme: insightActions.theme,
        title: insightActions.title,
        link: insightActions.link,
        takenOn: insightActions.takenOn,
        authorName: users.name,
        authorEmail: users.email,
      })
      .from(insightActions)
      .leftJoin(users, eq(users.id, insightActions.authorId))
      .orderBy(desc(insightActions.takenOn), desc(insightActions.createdAt))
      .limit(actionsShown);
    const shown: ActionWithEffect[] = [];
    for (const row of rows) {
      const takenOn = utcDay(row.takenOn);
      const windows = effectWindows(takenOn, now);
      const rates = await ratesAround(
        tx,
        { featureKey: row.featureKey, theme: row.theme, takenOn },
        { from: windows.before.from, to: windows.after.to },
      );
      shown.push({
        id: row.id,
        kind: row.kind,
        featureKey: row.featureKey,
        theme: row.theme,
        title: row.title,
        link: row.link,
        takenOn,
        author: row.authorName ?? row.authorEmail,
        days: windows.days,
        ...rates,
      });
    }
    return shown;
  });
}
