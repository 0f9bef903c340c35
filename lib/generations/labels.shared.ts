import type { Context, Platform } from "@/db/enums";

/** How every page names the platforms and editing contexts the database stores as codes. */

export const platformLabels: Record<Platform, string> = { ios: "iOS", android: "Android", web: "Web" };

export const contextLabels: Record<Context, string> = {
  editor: "Editor",
  batch: "Batch",
  product_catalog: "Product catalog",
};
