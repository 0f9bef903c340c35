import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

/** How tests resolve the app's imports, in every vitest configuration. */
export const resolve = {
  alias: {
    "@": root,
    // Tests are server code; the marker package would otherwise throw as if bundled for a browser.
    "server-only": path.join(root, "node_modules/server-only/empty.js"),
  },
};
