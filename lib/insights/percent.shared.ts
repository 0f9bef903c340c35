/** A rate as people read it: 0.1375 is "13.8%" with one digit, "14%" with none. */
export function percent(rate: number, digits = 1): string {
  return `${(rate * 100).toFixed(digits)}%`;
}
