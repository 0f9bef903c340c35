"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { credits } from "@/lib/format/credits.shared";
import { payDemoCheckout } from "@/lib/purchases/provider/demo";

/** The demo checkout's Pay; its outcome is where to go next, which the form navigates to itself. */
export const payDemoCheckoutAction = authorizedAction(
  customerRoles,
  z.object({ sessionId: z.string().min(1).max(4096) }),
  async ({ sessionId }, user) => {
    const { purchase, successPath } = await payDemoCheckout(sessionId, ownCustomerId(user));
    revalidatePath("/purchases");
    return { message: `Paid: ${credits(purchase.credits)} added.`, outcome: successPath };
  },
);
