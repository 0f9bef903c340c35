"use client";

import dynamic from "next/dynamic";
import type { AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

// The renderer reaches for window as it loads, so it only ever runs in the browser.
const ApiReferenceReact = dynamic(
  () => import("@scalar/api-reference-react").then((module) => module.ApiReferenceReact),
  { ssr: false },
);

/**
 * Everything the page shows comes from this app: the fonts are the app's own, and the parts that
 * would call Scalar's servers (telemetry, the AI agent, the request proxy) stay off. "Try it" sends
 * requests straight to this server, which is the same origin.
 */
const configuration: AnyApiReferenceConfiguration = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: "never",
  hideDarkModeToggle: true,
  // The search box's placeholder is too faint to read in Scalar's own theme.
  customCss:
    ".scalar-app { --scalar-font: var(--font-geist-sans), system-ui, sans-serif; } .scalar-app .sidebar-search-placeholder { color: #475569; }",
};

export function ApiReference() {
  return <ApiReferenceReact configuration={configuration} />;
}
