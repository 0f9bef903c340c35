const tones = {
  error: { role: "alert", className: "bg-red-50 text-red-700" },
  success: { role: "status", className: "bg-emerald-50 text-emerald-800" },
} as const;

/** A form's message that belongs to no single field: a refusal, or the word that it worked. */
export function FormNotice({ tone, children }: { tone: keyof typeof tones; children: React.ReactNode }) {
  const { role, className } = tones[tone];
  return <p role={role} className={`whitespace-pre-line rounded-lg px-3 py-2 text-sm ${className}`}>{children}</p>;
}
