import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** A plain GET form, so a search is a link that can be shared and reloaded. */
export function CustomerSearch({ query }: { query: string }) {
  return (
    <form action="/admin/customers" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="min-w-0 flex-1">
        <Field
          id="customer-query"
          name="q"
          label="Email or customer id"
          type="search"
          defaultValue={query}
          maxLength={320}
          autoComplete="off"
          placeholder="jane@ or demo-customer"
        />
      </div>
      <Button type="submit">Search</Button>
    </form>
  );
}
