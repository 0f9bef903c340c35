import type { DisputeFinding, DisputeStatus } from "@/db/enums";

export const disputeStatusLabels: Record<DisputeStatus, string> = {
  open: "Open",
  won: "Won",
  lost: "Lost",
};

export const disputeFindingLabels: Record<DisputeFinding, string> = {
  fraudulent: "Found fraudulent",
  legitimate: "Found legitimate",
};
