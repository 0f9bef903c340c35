"use client";

import { useId, useState } from "react";
import { saveCatalogAction } from "@/app/admin/products/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, SelectField, TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import type { Product } from "@/db/schema";
import { money } from "@/lib/format/money.shared";
import {
  catalogCurrencies,
  maxProductCredits,
  maxProductNameLength,
  priceInCents,
  priceText,
} from "@/lib/purchases/catalog-shape.shared";
import { productKindLabels } from "@/lib/purchases/labels.shared";
import { EligibilitySwitch } from "./eligibility-switch";

export type CatalogRow = Pick<Product, "key" | "name" | "kind" | "amount" | "currency" | "credits" | "active">;

/** Numbers stay as typed, so that the server's message can explain a value it refuses. */
type ProductDraft = { name?: string; price?: string; currency?: string; credits?: string; active?: boolean };
type Draft = Record<string, ProductDraft>;
type Cell = keyof ProductDraft;

const cells: Cell[] = ["name", "price", "currency", "credits", "active"];

const fieldOf = (key: string, cell: Cell) => `changes.${key}.${cell}`;

function countOf(draft: Draft) {
  return Object.values(draft).reduce((sum, fields) => sum + Object.keys(fields).length, 0);
}

function savedOf(product: CatalogRow): Required<ProductDraft> {
  return {
    name: product.name,
    price: priceText(product.amount),
    currency: product.currency,
    credits: String(product.credits),
    active: product.active,
  };
}

const changedRing = (changed: boolean) => (changed ? "rounded-lg ring-2 ring-amber-400 ring-offset-1" : "");

/**
 * The catalog as a draft held here and sent as one JSON field, like the eligibility matrix: the
 * controls stay outside the form, whose reset after each save would put them back as first rendered.
 */
export function CatalogEditor({ products }: { products: CatalogRow[] }) {
  const [draft, setDraft] = useState<Draft>({});
  const { state, values, errors, action, pending } = useFormAction(saveCatalogAction, (answer) => {
    if (answer.status === "success") setDraft({});
  });
  const noteId = useId();
  const idPrefix = useId();
  const count = countOf(draft);
  const shownFields = products.flatMap((product) => cells.map((cell) => fieldOf(product.key, cell)));

  function change(product: CatalogRow, cell: Cell, value: string | boolean) {
    setDraft((current) => {
      const fields: ProductDraft = { ...current[product.key] };
      // A value set back to what is saved leaves the draft, so the count only counts real changes.
      if (value === savedOf(product)[cell]) delete fields[cell];
      else Object.assign(fields, { [cell]: value });
      const next = { ...current, [product.key]: fields };
      if (Object.keys(fields).length === 0) delete next[product.key];
      return next;
    });
  }

  return (
    <div className="space-y-6">
      <Card title="Products">
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="w-full min-w-[44rem] text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Product
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Price
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Currency
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Credits granted
                </th>
                <th scope="col" className="px-3 py-2 text-center font-medium">
                  On sale
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {products.map((product) => {
                const saved = savedOf(product);
                const edits = draft[product.key] ?? {};
                const shown = { ...saved, ...edits };
                const error = (cell: Cell) => errors[fieldOf(product.key, cell)];
                const cents = priceInCents(shown.price);
                const currencies = catalogCurrencies.includes(product.currency as (typeof catalogCurrencies)[number])
                  ? catalogCurrencies
                  : [product.currency, ...catalogCurrencies];
                return (
                  <tr key={product.key} data-product={product.key}>
                    <td className="py-2 pr-3 align-top">
                      <div className={`w-44 ${changedRing(edits.name !== undefined)}`}>
                        <Field
                          id={`${idPrefix}-${product.key}-name`}
                          label={`${product.name} name`}
                          hideLabel
                          maxLength={maxProductNameLength}
                          value={shown.name}
                          onChange={(event) => change(product, "name", event.target.value)}
                          error={error("name")}
                        />
                      </div>
                      <p className="mt-1 text-xs text-slate-500">
                        {productKindLabels[product.kind]} · <code>{product.key}</code>
                      </p>
                    </td>
                    <td className="px-3 py-2 align-top">
                      <div className={`w-28 ${changedRing(edits.price !== undefined)}`}>
                        <Field
                          id={`${idPrefix}-${product.key}-price`}
                          label={`${product.name} price`}
                          hideLabel
                          inputMode="decimal"
                          value={shown.price}
                          onChange={(event) => change(product, "price", event.target.value)}
                          hint={
                            <span data-testid="price-shown">
                              {cents === null ? "Not a price" : money(cents, shown.currency)}
                            </span>
                          }
                          error={error("price")}
                        />
                      </div>
                    </td>
                    <td className="px-3 py-2 align-top">
                      <div className={`w-24 ${changedRing(edits.currency !== undefined)}`}>
                        <SelectField
                          id={`${idPrefix}-${product.key}-currency`}
                          label={`${product.name} currency`}
                          hideLabel
                          options={currencies.map((currency) => ({ value: currency, label: currency }))}
                          value={shown.currency}
                          onChange={(event) => change(product, "currency", event.target.value)}
                          error={error("currency")}
                        />
                      </div>
                    </td>
                    <td className="px-3 py-2 align-top">
                      <div className={`w-28 ${changedRing(edits.credits !== undefined)}`}>
                        <Field
                          id={`${idPrefix}-${product.key}-credits`}
                          label={`${product.name} credits`}
                          hideLabel
                          type="number"
                          inputMode="numeric"
                          min={1}
                          max={maxProductCredits}
                          step={1}
                          value={shown.credits}
                          onChange={(event) => change(product, "credits", event.target.value)}
                          error={error("credits")}
                        />
                      </div>
                    </td>
                    <td className="px-3 py-2 text-center align-top">
                      <EligibilitySwitch
                        label={`${product.name} on sale`}
                        checked={shown.active}
                        changed={edits.active !== undefined}
                        onChange={(checked) => change(product, "active", checked)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
      <form
        action={action}
        className="sticky bottom-0 space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-lg"
      >
        <input type="hidden" name="changes" value={JSON.stringify(draft)} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm font-medium text-slate-800" data-testid="unsaved-count">
            {count === 0 ? "No unsaved changes" : count === 1 ? "1 unsaved change" : `${count} unsaved changes`}
          </p>
          <Button type="button" variant="secondary" disabled={count === 0} onClick={() => setDraft({})}>
            Discard
          </Button>
        </div>
        <TextareaField
          id={noteId}
          name="note"
          label="Note"
          rows={2}
          maxLength={1000}
          placeholder="Why these changes? The audit log keeps it."
          defaultValue={values.note}
          error={errors.note}
        />
        {state.status === "success" && count > 0 ? null : (
          <FormNotice state={state} fields={[...shownFields, "note"]} />
        )}
        <div className="flex justify-end">
          <Button type="submit" disabled={pending || count === 0}>
            {pending ? "Saving…" : "Save changes"}
          </Button>
        </div>
      </form>
    </div>
  );
}
