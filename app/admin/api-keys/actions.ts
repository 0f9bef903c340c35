"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey, revokeApiKey } from "@/lib/api/api-keys";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";

export const createApiKeyAction = authorizedAction(
  adminRoles,
  z.object({
    name: requiredText("Name the key after the backend that will use it.", { max: 100, what: "the name" }),
  }),
  async ({ name }, user) => {
    const { key } = await createApiKey(name, user.id);
    revalidatePath("/admin/api-keys");
    return { message: `Created “${name}”.`, outcome: "created", shownOnce: key };
  },
);

export const revokeApiKeyAction = authorizedAction(
  adminRoles,
  z.object({ id: z.uuid("That is not an API key.") }),
  async ({ id }, user) => {
    const revoked = await revokeApiKey(id, user.id);
    revalidatePath("/admin/api-keys");
    return `Revoked “${revoked.name}”: requests with it are refused from now on.`;
  },
);
