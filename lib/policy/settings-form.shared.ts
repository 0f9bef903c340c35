import { z } from "zod";
import type { PurchaseRules } from "@/lib/purchases/refund-policy";
import type { RefundRules } from "@/lib/refunds/policy";
import type { OperationsSettings } from "./versions";

type NumericField<Key> = { key: Key; label: string; unit: string; min: number; max: number; hint: string };

/** The refund rules' numeric settings as the form shows them; the bounds match the table's CHECKs or stay inside them. */
const refundRuleFields = [
  {
    key: "windowHours",
    label: "Refund window",
    unit: "hour",
    min: 1,
    max: 8760,
    hint: "How long after a generation it can be reported.",
  },
  {
    key: "minDetailsLength",
    label: "Minimum details length",
    unit: "character",
    min: 1,
    max: 2000,
    hint: "The customer's details must be at least this long.",
  },
  {
    key: "softLimitRequests",
    label: "Soft limit",
    unit: "request",
    min: 1,
    max: 1000,
    hint: "Requests in 30 days before nothing is approved automatically.",
  },
  {
    key: "hardLimitRequests",
    label: "Hard limit",
    unit: "request",
    min: 1,
    max: 1000,
    hint: "Requests in 30 days before requests are refused.",
  },
  {
    key: "refundedSharePercent",
    label: "Refunded share",
    unit: "%",
    min: 0,
    max: 100,
    hint: "Share of 30 days' spend refunded before requests go to review.",
  },
  {
    key: "minAccountAgeHours",
    label: "Minimum account age",
    unit: "hour",
    min: 0,
    max: 8760,
    hint: "Younger accounts' requests go to review.",
  },
  {
    key: "slaHours",
    label: "Review SLA",
    unit: "hour",
    min: 1,
    max: 720,
    hint: "Support answers a request in review within this time.",
  },
] as const satisfies readonly NumericField<Exclude<keyof RefundRules, "denyDownloadedThenUsed">>[];

/** The purchase refund rules: money back for what was bought, and when a second charge looks like a mistake. */
const purchaseRuleFields = [
  {
    key: "purchaseRefundWindowDays",
    label: "Purchase refund window",
    unit: "day",
    min: 1,
    max: 365,
    hint: "How long after a purchase its money can be asked back.",
  },
  {
    key: "dayPassSubstantialUse",
    label: "Day pass substantial use",
    unit: "use",
    min: 1,
    max: 1000,
    hint: "Successful generations or downloads during a day pass after which it is not refunded.",
  },
  {
    key: "duplicateWindowHours",
    label: "Possible duplicate window",
    unit: "hour",
    min: 1,
    max: 720,
    hint: "The same product bought again for the same amount within this time is flagged as a possible duplicate.",
  },
] as const satisfies readonly NumericField<keyof PurchaseRules>[];

/** The operations settings, which are not refund rules: how support claims requests and how long holds wait. */
const operationsFields = [
  {
    key: "claimLeaseMinutes",
    label: "Claim lease",
    unit: "minute",
    min: 1,
    max: 240,
    hint: "How long an agent holds a claimed request.",
  },
  {
    key: "holdExpiryMinutes",
    label: "Hold expiry",
    unit: "minute",
    min: 1,
    max: 1440,
    hint: "A generation's hold is released if it has not finished by then.",
  },
] as const satisfies readonly NumericField<keyof OperationsSettings>[];

export const numericSettings = [...refundRuleFields, ...purchaseRuleFields, ...operationsFields];

export type NumericSetting = (typeof numericSettings)[number]["key"];
export type { PolicySettings } from "./versions";

export const downloadedThenUsedLabel = "Refuse outputs downloaded and then used in a later generation";

export function amount(value: number, unit: string): string {
  if (unit === "%") return `${value}%`;
  return `${value} ${unit}${value === 1 ? "" : "s"}`;
}

function wholeNumber({ label, unit, min, max }: (typeof numericSettings)[number]) {
  const range = `${label} must be between ${amount(min, unit)} and ${amount(max, unit)}.`;
  return z
    .string(`Enter the ${label.toLowerCase()}.`)
    .trim()
    .min(1, `Enter the ${label.toLowerCase()}.`)
    .pipe(
      z.coerce
        .number<string>(`${label} must be a number.`)
        .int(`${label} must be a whole number.`)
        .min(min, min > 0 ? `${label} must be at least ${amount(min, unit)}.` : range)
        .max(max, range),
    );
}

export const policySettingsSchema = z
  .object({
    ...(Object.fromEntries(numericSettings.map((setting) => [setting.key, wholeNumber(setting)])) as Record<
      NumericSetting,
      ReturnType<typeof wholeNumber>
    >),
    // An unchecked box is absent from the form.
    denyDownloadedThenUsed: z.literal("on", "The rule is either on or off.").optional().transform(Boolean),
  })
  .refine((settings) => settings.softLimitRequests <= settings.hardLimitRequests, {
    path: ["softLimitRequests"],
    message: "The soft limit cannot be above the hard limit.",
  });
