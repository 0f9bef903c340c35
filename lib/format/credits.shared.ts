export function credits(amount: number): string {
  return `${amount} ${Math.abs(amount) === 1 ? "credit" : "credits"}`;
}
