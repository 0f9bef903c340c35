/** Shared by the forms and the actions that check them, so the browser stops what the server would refuse. */

export const maxReasonLength = 500;

export const maxAdjustment = 1_000_000;
