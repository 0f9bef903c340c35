"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A secret that exists in clear only in this one answer: a warning, the value, and a copy button. */
export function ShownOnce({ value, warning, testId }: { value: string; warning: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p role="alert" className="text-sm font-medium text-amber-900">
        {warning}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid={testId} className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900">
          {value}
        </code>
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
