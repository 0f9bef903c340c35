/** What the catalog page and its action share: the shape of a draft and its bounds. */

/** Currencies the catalog prices in: each has cents, so a typed price is whole units and up to 2 decimals. */
export const catalogCurrencies = ["USD", "EUR", "GBP", "CAD", "AUD"] as const;

/** 10,000.00 in cents. */
export const maxPriceCents = 1_000_000;
export const maxProductCredits = 1_000_000;
export const maxProductNameLength = 100;

/** Prices are stored in minor units; `amount` is one. */
export type ProductChange = { name?: string; amount?: number; currency?: string; credits?: number; active?: boolean };

/** Only the cells an admin changed, by product key, so a save never overwrites what someone else saved meanwhile. */
export type CatalogChanges = Record<string, ProductChange>;

/** "9.99" for 999: how a price in cents is typed. */
export function priceText(amount: number): string {
  return (amount / 100).toFixed(2);
}

/** 999 for "9.99", or null for text that is not a price in whole units and at most 2 decimals. */
export function priceInCents(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, units = "0", cents = ""] = match;
  return Number(units) * 100 + Number(cents.padEnd(2, "0"));
}
