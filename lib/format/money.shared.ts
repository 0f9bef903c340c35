/** How many digits a currency's minor unit has: 2 for USD's cents, 0 for JPY. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "$9.99" for 999 USD: amounts are kept in minor units and shown in the currency's own way. */
export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount / 10 ** minorUnitDigits(currency));
}
