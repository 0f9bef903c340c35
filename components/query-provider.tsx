"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { config } from "zod";

// Set once for every page, before any form schema runs: zod otherwise probes for eval to compile its
// parsers, and the Content-Security-Policy forbids eval and reports the probe as a violation.
config({ jitless: true });

export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
