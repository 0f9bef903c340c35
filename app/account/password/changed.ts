/** The query parameter the password page is sent back with after a change, so that it says the change worked. */
export const changedParam = "changed";
