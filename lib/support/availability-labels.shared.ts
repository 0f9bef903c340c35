import type { Availability } from "@/db/enums";

export const availabilityLabels: Record<Availability, string> = { on_duty: "On duty", away: "Away" };
