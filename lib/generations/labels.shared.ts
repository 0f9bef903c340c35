import type { Context, GenerationStatus, Platform } from "@/db/enums";

/** How every page names the platforms, editing contexts and generation statuses the database stores as codes. */

export const platformLabels: Record<Platform, string> = { ios: "iOS", android: "Android", web: "Web" };

export const contextLabels: Record<Context, string> = {
  editor: "Editor",
  batch: "Batch",
  product_catalog: "Product catalog",
};

export const generationStatusLabels: Record<GenerationStatus, string> = {
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  expired: "Timed out",
};
