import Link from "next/link";

export default function CustomerNotFound() {
  return (
    <div className="mx-auto max-w-md space-y-3 py-16 text-center">
      <h1 className="text-xl font-semibold">No such customer</h1>
      <p className="text-sm text-slate-600">
        The link may be mistyped, or the customer may never have been registered.
      </p>
      <Link href="/admin/customers" className="text-sm font-medium text-brand-700 hover:underline">
        Back to customers
      </Link>
    </div>
  );
}
