"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";
import { saveCatalog } from "@/lib/purchases/catalog";
import {
  catalogCurrencies,
  maxPriceCents,
  maxProductCredits,
  maxProductNameLength,
  priceInCents,
  priceText,
} from "@/lib/purchases/catalog-shape.shared";

const priceRule = `Enter a price between 0.01 and ${priceText(maxPriceCents)}, such as 9.99.`;

const productChange = z
  .object({
    name: requiredText("Give the product a name.", { max: maxProductNameLength, what: "the name" }).optional(),
    price: z
      .string(priceRule)
      .transform((text, context) => {
        const cents = priceInCents(text);
        if (cents === null || cents < 1 || cents > maxPriceCents) {
          context.addIssue({ code: "custom", message: priceRule });
          return z.NEVER;
        }
        return cents;
      })
      .optional(),
    currency: z.enum(catalogCurrencies, `Choose one of ${catalogCurrencies.join(", ")}.`).optional(),
    credits: z.coerce
      .number("Enter the credits as a whole number.")
      .int("Enter the credits as a whole number.")
      .min(1, "A product grants at least 1 credit.")
      .max(maxProductCredits, `A product grants at most ${maxProductCredits.toLocaleString("en")} credits.`)
      .optional(),
    active: z.boolean("A product is either on sale or not.").optional(),
  })
  .strict()
  .transform(({ price, ...change }) => (price === undefined ? change : { ...change, amount: price }));

const note = requiredText("Write a note saying why.", { max: 1000, what: "the note" });

/** The draft travels as JSON, like the eligibility matrix's; field errors keep its paths. */
const draft = z.string("Make a change first.").transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: "custom", message: "The changes could not be read; reload the page." });
    return z.NEVER;
  }
});

export const saveCatalogAction = authorizedAction(
  adminRoles,
  z.object({ changes: draft.pipe(z.record(z.string(), productChange)), note }),
  async ({ changes, note }, user) => {
    const count = await saveCatalog(changes, note, user);
    revalidatePath("/admin/products");
    revalidatePath("/purchases");
    return `Saved ${count === 1 ? "1 change" : `${count} changes`}. The next purchase uses them.`;
  },
);
