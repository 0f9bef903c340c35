import "server-only";

/** LIKE treats % and _ as wildcards; someone typing them into a search means the characters themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
