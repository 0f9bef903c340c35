"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { startCheckout } from "@/lib/purchases/checkout";

/** A browser sends Origin with every action; Next has already checked that it is this app's host. */
async function appOrigin(): Promise<string> {
  const sent = await headers();
  return sent.get("origin") ?? `${sent.get("x-forwarded-proto") ?? "http"}://${sent.get("host")}`;
}

export const buyProductAction = authorizedAction(
  customerRoles,
  z.object({ product: z.string("Choose a product.").min(1, "Choose a product.").max(64) }),
  async ({ product }, user) => {
    const { url } = await startCheckout(ownCustomerId(user), product, await appOrigin());
    redirect(url);
  },
);
