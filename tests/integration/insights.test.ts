import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportTable } from "@/app/admin/insights/export/route";
import { recordInsightActionAction } from "@/app/admin/insights/actions";
import { GET as getRefundInsights } from "@/pages/api/v1/insights/refunds";
import { db } from "@/db/client";
import type { Platform, RefundReason, RefundStatus } from "@/db/enums";
import { auditEvents, insightActions } from "@/db/schema";
import { createApiKey } from "@/lib/api/api-keys";
import { idleState } from "@/lib/auth/action-state.shared";
import type { CurrentUser } from "@/lib/auth/current-user";
import { insightActionsWithEffect, recordInsightAction } from "@/lib/insights/actions";
import { csvField, csvText } from "@/lib/insights/csv";
import { insightsFor } from "@/lib/insights/insights";
import { addDays, daysIn, lastDays, utcDay } from "@/lib/insights/periods";
import { refundInsightRows } from "@/lib/insights/refund-rows";
import { refreshInsightRollups } from "@/lib/insights/rollups";
import { testSql } from "../setup/database";
import { form } from "../support/forms";
import { person } from "../support/people";
import { establishedCustomer, madeGeneration, report } from "../support/refunds";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

/**
 * A known data set written straight to the tables, on whole days of the last 60: what insights count is
 * generations and their reports, and writing them directly lets a report be weeks old and approved.
 */

const today = utcDay(new Date());
const period = lastDays(30);
const previousDay = addDays(today, -40);
const currentDay = addDays(today, -5);

type Report = { status: RefundStatus; details: string; reason?: RefundReason };

type Batch = {
  day: string;
  tag: string;
  feature: string;
  model: string | null;
  platform: Platform;
  cost: number;
  succeeded: number;
  failed: number;
  reports: Report[];
};

const customerId = "insights-customer";

async function write(batch: Batch) {
  const sql = testSql();
  const at = `${batch.day}T12:00:00Z`;
  const total = batch.succeeded + batch.failed;
  await sql`
    insert into generations (id, customer_id, feature_key, platform, context, cost, status, model_version,
      created_at, hold_expires_at, finished_at)
    select ${batch.tag} || '-' || i, ${customerId}, ${batch.feature}, ${batch.platform}, 'editor', ${batch.cost},
      (case when i <= ${batch.succeeded} then 'succeeded' else 'failed' end)::generation_status, ${batch.model},
      ${at}::timestamptz, ${at}::timestamptz + interval '15 minutes', ${at}::timestamptz + interval '1 minute'
    from generate_series(1, ${total}::int) i`;
  for (const [index, made] of batch.reports.entries()) {
    const decided = made.status !== "in_review";
    await sql`
      insert into refund_requests (generation_id, customer_id, feature_key, platform, reason, details, source, status,
        decision_code, decision_message, decided_by, decided_at, credits_refunded, policy_version, trace, created_at)
      values (${`${batch.tag}-${index + 1}`}, ${customerId}, ${batch.feature}, ${batch.platform},
        ${made.reason ?? "distorted"}, ${made.details}, 'web', ${made.status},
        ${decided ? (made.status === "approved" ? "refund.approved" : "refund.window_expired") : null},
        'Decided.', ${decided ? "policy" : null}, ${decided ? `${batch.day}T13:00:00Z` : null},
        ${made.status === "approved" ? batch.cost : 0}, 1, '[]'::jsonb, ${`${batch.day}T12:30:00Z`})`;
  }
}

const times = (count: number, report: Report) => Array.from({ length: count }, () => report);

const fingers = "The model has six fingers on her left hand";
const background = "The background is gone, only white remains";

const batches: Batch[] = [
  {
    day: previousDay,
    tag: "vm-old",
    feature: "virtual_model",
    model: "v1",
    platform: "web",
    cost: 2,
    succeeded: 90,
    failed: 10,
    reports: [
      ...times(2, { status: "approved", details: background }),
      ...times(2, { status: "denied", details: "The sleeves are too long for the shirt" }),
      { status: "in_review", details: "The sleeves are too long, and the collar is odd", reason: "artifacts" },
    ],
  },
  {
    day: currentDay,
    tag: "vm-new",
    feature: "virtual_model",
    model: "v2",
    platform: "ios",
    cost: 4,
    succeeded: 95,
    failed: 5,
    reports: [
      ...times(10, { status: "approved", details: fingers, reason: "artifacts" }),
      ...times(5, { status: "approved", details: background }),
      ...times(6, { status: "denied", details: "Wrong pose entirely" }),
      ...times(4, { status: "in_review", details: "A hand with six fingers, again" }),
    ],
  },
  ...[previousDay, currentDay].map((day, index) => ({
    day,
    tag: `rc-${index}`,
    feature: "recolor",
    model: null,
    platform: "web" as const,
    cost: 2,
    succeeded: 50,
    failed: 0,
    reports: [
      { status: "approved" as const, details: "Red came out orange" },
      { status: "denied" as const, details: "Not the shade I picked" },
    ],
  })),
];

let admin: CurrentUser;
let apiKey = "";

beforeAll(async () => {
  const sql = testSql();
  await sql`insert into customers (id, email) values (${customerId}, 'insights@example.com')`;
  for (const batch of batches) await write(batch);
  admin = await person("ada@example.com", "admin");
  await person("avery@example.com", "agent");
  await person("casey@example.com", "customer", { customerId });
  apiKey = (await createApiKey("insights tests")).key;
});

const figures = (row: { current: object } | undefined) => row?.current;

describe("insights over a known data set", () => {
  it("counts by feature, model version and platform, beside the previous period", async () => {
    const insights = await insightsFor(period);
    const virtualModel = insights.byFeature.find((row) => row.key === "virtual_model");
    expect(virtualModel?.current).toEqual({
      generations: 100,
      succeeded: 95,
      failed: 5,
      refundRequests: 25,
      approved: 15,
      denied: 6,
      inReview: 4,
      creditsSpent: 380,
      creditsRefunded: 60,
      refundRate: 60 / 380,
      reportRate: 25 / 95,
    });
    expect(virtualModel?.previous).toMatchObject({
      generations: 100,
      succeeded: 90,
      failed: 10,
      refundRequests: 5,
      approved: 2,
      denied: 2,
      inReview: 1,
      creditsSpent: 180,
      creditsRefunded: 4,
      refundRate: 4 / 180,
    });
    expect(insights.byModel.map((row) => [row.label, row.current.generations, row.previous.generations])).toEqual([
      ["Virtual Model v2", 100, 0],
      ["Recolor (no model version)", 50, 50],
      ["Virtual Model v1", 0, 100],
    ]);
    const platforms = Object.fromEntries(insights.byPlatform.map((row) => [row.label, row.current.generations]));
    expect(platforms).toEqual({ iOS: 100, Web: 50 });
    expect(insights.totals.current).toMatchObject({ generations: 150, creditsSpent: 480, creditsRefunded: 62 });
    expect(insights.weekly.reduce((sum, week) => sum + week.figures.generations, 0)).toBe(150);
    expect(insights.weekly).toHaveLength(5);
  });

  it("flags, in words, a feature or model version whose rate rose clearly, and nothing that stayed level", async () => {
    const { flags } = await insightsFor(period);
    expect(flags.map((flag) => flag.sentence)).toEqual([
      "Virtual Model: refund rate 16%, up from 2% in the previous 30 days",
      "Virtual Model: report rate 26%, up from 6% in the previous 30 days",
      "Virtual Model v2: refund rate 16%, up from 0% in the previous 30 days",
      "Virtual Model v2: report rate 26%, up from 0% in the previous 30 days",
    ]);
  });

  it("lists reasons and themes per feature, with the previous period's counts", async () => {
    const { reasons, themes } = await insightsFor(period);
    const vmReasons = reasons.find((feature) => feature.featureKey === "virtual_model")?.items;
    expect(vmReasons?.map((item) => [item.reason, item.current, item.previous])).toEqual([
      ["distorted", 15, 4],
      ["artifacts", 10, 1],
    ]);
    const vmThemes = themes.find((feature) => feature.featureKey === "virtual_model")?.items;
    expect(vmThemes).toEqual([
      { phrase: "six fingers", reports: 14, previous: 0 },
      { phrase: "wrong pose entirely", reports: 6, previous: 0 },
      { phrase: "background gone", reports: 5, previous: 2 },
    ]);
  });

  it("reads the same numbers from the rollups as from the source, and stays exact while a day waits to be rebuilt", async () => {
    const sql = testSql();
    const fromSource = await insightsFor(period);
    // Every day from the data set's first to the last one ended over an hour ago (in the first hour of a
    // UTC day, that is the day before yesterday).
    const lastEnded = utcDay(new Date(Date.now() - 60 * 60 * 1000));
    expect(await refreshInsightRollups()).toBeGreaterThanOrEqual(daysIn({ from: previousDay, to: lastEnded }));
    const [built] = await sql`select count(*)::int as days from insight_rollup_days where day = ${currentDay}::date`;
    expect(built).toEqual({ days: 1 });
    expect(await insightsFor(period)).toEqual(fromSource);

    // An agent approves a report of a day already rolled up: the trigger marks the day.
    await sql`update refund_requests set status = 'approved', decision_code = 'refund.approved', decided_by = 'policy',
      decided_at = now(), credits_refunded = 4 where generation_id = 'vm-new-25'`;
    const [waiting] = await sql`select count(*)::int as changes from insight_changes where day = ${currentDay}::date`;
    expect(waiting).toEqual({ changes: 1 });
    const changed = await insightsFor(period);
    const row = figures(changed.byFeature.find((feature) => feature.key === "virtual_model"));
    expect(row).toMatchObject({ approved: 16, inReview: 3, creditsRefunded: 64 });

    expect(await refreshInsightRollups()).toBe(1);
    expect(await insightsFor(period)).toEqual(changed);
    const [cleared] = await sql`select count(*)::int as changes from insight_changes`;
    expect(cleared).toEqual({ changes: 0 });

    // Back as it was, for the tests after this one.
    await sql`update refund_requests set status = 'in_review', decision_code = null, decided_by = null,
      decided_at = null, credits_refunded = 0 where generation_id = 'vm-new-25'`;
    await refreshInsightRollups();
    expect(await insightsFor(period)).toEqual(fromSource);
  });

  it("counts today's generations and reports as they happen, through the domain functions", async () => {
    await establishedCustomer("insights-live", 100);
    await madeGeneration("insights-live", "live-1", { feature: "recolor", platform: "android", cost: 3 });
    await report("insights-live", "live-1");
    const rows = await refundInsightRows(period, "platform");
    expect(rows.find((row) => row.key === "android")).toMatchObject({
      generations: 1,
      succeeded: 1,
      refundRequests: 1,
      creditsSpent: 3,
    });
  });
});

describe("GET /api/v1/insights/refunds", () => {
  const call = (query: string, authorization: string | null = `Bearer ${apiKey}`) =>
    getRefundInsights(
      new Request(`http://makegood.test/api/v1/insights/refunds?${query}`, {
        headers: authorization ? { authorization } : {},
      }),
      { params: Promise.resolve({}) },
    );

  it("answers the rows of the window by the grouping asked for", async () => {
    const response = await call(`from=${currentDay}&to=${addDays(currentDay, 1)}&by=modelVersion`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.rows).toEqual([
      {
        key: "unknown",
        generations: 50,
        succeeded: 50,
        failed: 0,
        refundRequests: 2,
        approved: 1,
        denied: 1,
        inReview: 0,
        creditsSpent: 100,
        creditsRefunded: 2,
        refundRate: 0.02,
      },
      {
        key: "v2",
        generations: 100,
        succeeded: 95,
        failed: 5,
        refundRequests: 25,
        approved: 15,
        denied: 6,
        inReview: 4,
        creditsSpent: 380,
        creditsRefunded: 60,
        refundRate: 60 / 380,
      },
    ]);
  });

  it("counts by the generation's day, with `to` exclusive, and answers no rows for an empty window", async () => {
    const before = await (await call(`from=${addDays(currentDay, -1)}&to=${currentDay}&by=feature`)).json();
    expect(before).toEqual({ rows: [] });
    const byFeature = await (await call(`from=${previousDay}&to=${addDays(previousDay, 1)}&by=feature`)).json();
    expect(byFeature.rows.map((row: { key: string }) => row.key)).toEqual(["recolor", "virtual_model"]);
  });

  it("refuses a bad query with 422 naming the field, and a missing key with 401", async () => {
    const cases = [
      ["to=2026-01-02&by=feature", "from"],
      ["from=2026-02-30&to=2026-03-02&by=feature", "from"],
      // Found by the fuzzer: Postgres has no year 0, and these answered 500.
      ["from=0000-01-01&to=0000-01-08&by=feature", "from"],
      ["from=1969-12-30&to=1970-01-02&by=platform", "from"],
      ["from=9998-12-30&to=9999-01-01&by=feature", "to"],
      ["from=2026-01-05&to=2026-01-05&by=feature", "to"],
      ["from=2024-01-01&to=2026-01-01&by=feature", "to"],
      ["from=2026-01-01&to=2026-01-02&by=customer", "by"],
    ] as const;
    for (const [query, field] of cases) {
      const response = await call(query);
      expect(response.status, query).toBe(422);
      expect((await response.json()).error, query).toMatchObject({ code: "validation.failed", field });
    }
    const anonymous = await call(`from=${currentDay}&to=${today}&by=feature`, null);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("auth.invalid_api_key");
  });
});

describe("closing the loop", () => {
  it("shows a feature's rates in equal windows before and after an action", async () => {
    const takenOn = addDays(today, -20);
    await recordInsightAction(admin, {
      kind: "guide_updated",
      featureKey: "virtual_model",
      title: "Hands guide",
      takenOn,
    });
    await recordInsightAction(admin, {
      kind: "prompt_tip",
      featureKey: "virtual_model",
      theme: "six fingers",
      title: "Tip: ask for relaxed hands",
      takenOn,
    });
    const actions = await insightActionsWithEffect();
    const feature = actions.find((action) => action.title === "Hands guide");
    expect(feature).toMatchObject({
      days: 21,
      before: { refundRate: 4 / 180, reportRate: 5 / 90, reports: 5 },
      after: { refundRate: 60 / 380, reportRate: 25 / 95, reports: 25 },
    });
    const theme = actions.find((action) => action.theme === "six fingers");
    expect(theme).toMatchObject({
      before: { reports: 0, refundRate: 0 },
      after: { reports: 14, refundRate: 40 / 380, reportRate: 14 / 95 },
    });
  });

  it("lets an admin record an action from the form, audited with it, and refuses an agent on the server", async () => {
    const fields = { kind: "roadmap_item", featureKey: "recolor", title: "Shade picker", link: "", takenOn: today };

    signedInAs("avery@example.com");
    const refused = await recordInsightActionAction(idleState, form(fields));
    expect(refused).toMatchObject({ status: "error", code: "auth.forbidden" });
    expect(await db.select().from(insightActions).where(eq(insightActions.title, "Shade picker"))).toEqual([]);

    signedInAs("ada@example.com");
    const tomorrow = await recordInsightActionAction(idleState, form({ ...fields, takenOn: addDays(today, 1) }));
    expect(tomorrow).toMatchObject({ status: "error", fieldErrors: { takenOn: "The date cannot be in the future." } });
    const saved = await recordInsightActionAction(idleState, form(fields));
    expect(saved).toMatchObject({ status: "success" });
    const [action] = await db.select().from(insightActions).where(eq(insightActions.title, "Shade picker"));
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, action!.id));
    expect(event).toMatchObject({ action: "insight_action.recorded", actorId: admin.id });
  });
});

describe("CSV export", () => {
  it("quotes commas, quotes and line breaks, and keeps formulas as text", () => {
    expect(csvField('Guide "hands", v2\nupdated')).toBe('"Guide ""hands"", v2\nupdated"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(0.25)).toBe("0.25");
    expect(csvField(null)).toBe("");
    expect(csvText({ header: ["a", "b"], rows: [["x,y", 1]] })).toBe('a,b\r\n"x,y",1\r\n');
  });

  const exported = (query: string) =>
    exportTable(new Request(`http://makegood.test/admin/insights/export?${query}`), {});

  it("exports each table for staff only, as an attachment", async () => {
    const themes = `table=themes&from=${period.from}&through=${today}`;
    expect((await exported(themes)).status).toBe(401);
    signedInAs("casey@example.com");
    expect((await exported(themes)).status).toBe(403);

    signedInAs("avery@example.com");
    const response = await exported(themes);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="insights-themes-${period.from}-to-${today}.csv"`,
    );
    expect((await response.text()).split("\r\n").slice(0, 3)).toEqual([
      "feature,theme,reports,previousReports",
      "Virtual Model,six fingers,14,0",
      "Virtual Model,wrong pose entirely,6,0",
    ]);

    await recordInsightAction(admin, {
      kind: "other",
      featureKey: "recolor",
      title: 'Colour "match", take 2\nsee notes',
      takenOn: today,
    });
    const actions = await (await exported(`table=actions&from=${period.from}&through=${today}`)).text();
    expect(actions).toContain(`${today},Other,recolor,,"Colour ""match"", take 2\nsee notes",,1,`);

    const features = await (await exported(`table=features&from=${period.from}&through=${today}`)).text();
    expect(features.split("\r\n")[0]).toBe(
      "key,name,generations,succeeded,failed,refundRequests,approved,denied,inReview,creditsSpent,creditsRefunded,refundRate,reportRate,previous_generations,previous_succeeded,previous_failed,previous_refundRequests,previous_approved,previous_denied,previous_inReview,previous_creditsSpent,previous_creditsRefunded,previous_refundRate,previous_reportRate",
    );
    expect((await exported(`table=nope`)).status).toBe(422);
  });
});
