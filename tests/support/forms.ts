/** A submitted form as a server action receives it. */
export function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** The policy form's settings as /admin/policy sends them for version 1's defaults. */
export const defaultPolicyFields: Record<string, string> = {
  windowHours: "72",
  minDetailsLength: "15",
  softLimitRequests: "5",
  hardLimitRequests: "20",
  refundedSharePercent: "30",
  minAccountAgeHours: "24",
  slaHours: "24",
  purchaseRefundWindowDays: "7",
  dayPassSubstantialUse: "3",
  duplicateWindowHours: "24",
  claimLeaseMinutes: "10",
  holdExpiryMinutes: "15",
};
