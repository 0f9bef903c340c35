import type { InsightActionKind } from "@/db/enums";

/** What the team did in answer to feedback, as the form offers it and the page names it. */
export const insightActionKindLabels: Record<InsightActionKind, string> = {
  guide_updated: "Guide updated",
  prompt_tip: "Prompt tip added",
  roadmap_item: "Roadmap item",
  model_change: "Model change",
  other: "Other",
};
