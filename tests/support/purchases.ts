import { recordPurchase } from "@/lib/purchases/purchases";

/** The host reports that the customer bought the 100-credit pack, for $9.99, as purchase `id`. */
export function boughtCreditPack(customerId: string, id: string) {
  return recordPurchase({ id, customerId, product: "credits_100", amount: 999, currency: "USD", provider: "host" });
}
