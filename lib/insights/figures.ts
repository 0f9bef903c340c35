import "server-only";

/** What insights count for any slice of generations: a day, a feature, a period. */
export type Figures = {
  generations: number;
  succeeded: number;
  /** Failed or expired: their holds were released, which is never a refund. */
  failed: number;
  /** "Bad result" reports, whatever became of them. */
  refundRequests: number;
  approved: number;
  denied: number;
  inReview: number;
  /** Captured credits: a succeeded generation's hold, captured in full. */
  creditsSpent: number;
  /** Given back by approved "Bad result" reports. */
  creditsRefunded: number;
};

export const figureNames = [
  "generations",
  "succeeded",
  "failed",
  "refundRequests",
  "approved",
  "denied",
  "inReview",
  "creditsSpent",
  "creditsRefunded",
] as const satisfies readonly (keyof Figures)[];

export function emptyFigures(): Figures {
  return Object.fromEntries(figureNames.map((name) => [name, 0])) as Figures;
}

export function addInto(total: Figures, more: Figures): Figures {
  for (const name of figureNames) total[name] += more[name];
  return total;
}

export function sumFigures(rows: readonly Figures[]): Figures {
  return rows.reduce(addInto, emptyFigures());
}

/** Credits refunded ÷ credits spent; 0 when nothing was spent. */
export function refundRate(figures: Figures): number {
  return figures.creditsSpent === 0 ? 0 : figures.creditsRefunded / figures.creditsSpent;
}

/** Reports ÷ successful generations; 0 when nothing succeeded. */
export function reportRate(figures: Figures): number {
  return figures.succeeded === 0 ? 0 : figures.refundRequests / figures.succeeded;
}

/** Rows summed by a key of each, in the order the keys first appear. */
export function sumByKey<Row extends Figures>(rows: readonly Row[], keyOf: (row: Row) => string): Map<string, Figures> {
  const sums = new Map<string, Figures>();
  for (const row of rows) {
    const key = keyOf(row);
    const total = sums.get(key) ?? emptyFigures();
    sums.set(key, addInto(total, row));
  }
  return sums;
}
