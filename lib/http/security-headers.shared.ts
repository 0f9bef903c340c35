/**
 * The security headers of every response, decided in one place: proxy.ts adds them to pages,
 * next.config.ts to the static files and API routes the proxy never sees. Client-safe because the
 * proxy runs outside the server-only graph.
 */

export const cspReportPath = "/api/csp-report";

export const contentSecurityPolicyHeader = "Content-Security-Policy";

const cspReportGroup = "csp";

export type ResponseSecurity = {
  /** Fresh for each response; Next.js reads it back from the request's policy and stamps its own scripts. */
  nonce: string;
  https: boolean;
  /** React's development build evaluates code to rebuild server stacks; production never needs it. */
  development: boolean;
};

/** 128 random bits, in base64 as CSP's nonce-source grammar asks. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Scripts run only with this response's nonce, and whatever they load inherits the trust
 * ('strict-dynamic'), so an injected script tag or handler attribute never runs. Styles allow inline
 * ones: sonner and the Scalar reference insert <style> elements that carry no nonce, and Radix and
 * recharts render style attributes, which no nonce can cover; CSS cannot run code. Browsers that know
 * 'strict-dynamic' ignore the 'self' beside it, which only serves those too old to.
 */
export function contentSecurityPolicy({ nonce, https, development }: ResponseSecurity): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    // A host reports outputs by its own URL, on a CDN this app cannot list, and the gallery shows them there.
    ["img-src", "'self'", "data:", "blob:", "https:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["report-uri", cspReportPath],
    ["report-to", cspReportGroup],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** What every response carries whatever it is, static files included. */
export const staticSecurityHeaders: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

/**
 * API routes answer JSON and files, never a document that runs scripts, so their policy allows nothing
 * but inline styles, with which the browser's own viewer lays out an image or JSON opened in a tab.
 * They skip the proxy: a nonce and a session check on every host API call cost nearly half of a
 * no-op route's CPU, and their handlers authenticate for themselves.
 */
export const apiSecurityHeaders: Record<string, string> = {
  ...staticSecurityHeaders,
  [contentSecurityPolicyHeader]: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
};

/** Two years, as the HSTS preload list recommends; browsers heed it only from an https response. */
export const strictTransportSecurity = "max-age=63072000; includeSubDomains";

export function securityHeaders(security: ResponseSecurity): Record<string, string> {
  return {
    ...staticSecurityHeaders,
    [contentSecurityPolicyHeader]: contentSecurityPolicy(security),
    "Reporting-Endpoints": `${cspReportGroup}="${cspReportPath}"`,
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    ...(security.https ? { "Strict-Transport-Security": strictTransportSecurity } : {}),
  };
}
