import { Button } from "@/components/ui/button";

/** A plain GET form, so a search is a link that can be shared and reloaded. */
export function CustomerSearch({ query }: { query: string }) {
  return (
    <form action="/admin/customers" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="min-w-0 flex-1 space-y-1.5">
        <label htmlFor="customer-query" className="block text-sm font-medium text-slate-700">
          Email or customer id
        </label>
        <input
          id="customer-query"
          name="q"
          type="search"
          defaultValue={query}
          maxLength={320}
          autoComplete="off"
          placeholder="jane@ or demo-customer"
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
      </div>
      <Button type="submit">Search</Button>
    </form>
  );
}
