import type { Metadata } from "next";
import { ApiReference } from "@/components/docs/api-reference";

export const metadata: Metadata = { title: "Host API" };

export default function ApiDocsPage() {
  return (
    <main className="min-h-dvh bg-white">
      <ApiReference />
    </main>
  );
}
