/** The longest internal note; the request_notes table refuses anything longer. */
export const maxNoteLength = 2000;

/** The longest message an agent sends with a denial, which lands in the customer's notification. */
export const maxDenyMessageLength = 1000;
