"use server";

import { z } from "zod";
import { authorizedAction } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { markRead } from "@/lib/notifications/inbox";

export const markNotificationReadAction = authorizedAction(
  customerRoles,
  z.object({ notificationId: z.uuid("That is not a notification.") }),
  async ({ notificationId }, user) => {
    await markRead(user, [notificationId]);
    return "Marked as read.";
  },
);

export const markAllNotificationsReadAction = authorizedAction(customerRoles, z.object({}), async (_input, user) => {
  await markRead(user, "all");
  return "All marked as read.";
});
