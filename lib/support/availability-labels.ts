export const availabilities = ["on_duty", "away"] as const;
export type Availability = (typeof availabilities)[number];

export const availabilityLabels: Record<Availability, string> = { on_duty: "On duty", away: "Away" };
