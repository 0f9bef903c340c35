import Link from "next/link";

export default function RequestNotFound() {
  return (
    <div className="mx-auto max-w-md space-y-3 py-16 text-center">
      <h1 className="text-xl font-semibold">No such refund request</h1>
      <p className="text-sm text-slate-600">The link may be mistyped, or the request may never have existed.</p>
      <Link href="/support" className="text-sm font-medium text-brand-700 hover:underline">
        Back to the queue
      </Link>
    </div>
  );
}
