import "server-only";

/**
 * Themes: the phrases customers keep using when they report a bad result. Deliberately simple, so that
 * anyone can tell why a phrase is listed:
 * 1. each report is lower-cased, accents dropped, and cut into clauses at punctuation;
 * 2. each clause is cut into words, leaving out stop words ("the", "is", "my"…) and single letters;
 * 3. every run of 2 or 3 words left in a clause is a phrase ("the background is gone" gives
 *    "background gone");
 * 4. a phrase's count is the number of distinct reports that use it; only phrases in 2 or more count;
 * 5. a 2-word phrase is left out when a 3-word phrase containing it is in most (three quarters) of its
 *    reports: the longer one says more, and covers it;
 * 6. going down by count (longer first on ties), a phrase is left out when most of its reports are
 *    already behind the phrases listed before it: it is the same complaint, told another way.
 */

/** Words that carry no complaint of their own. Negations stay: "not removed" is not "removed". */
const stopWords = new Set(
  (
    "a about above after again all also am an and any are as at be because been before being below between both but by " +
    "can could did do does doing done down during each even ever every few for from further get gets got had has have " +
    "having he her here hers him his how however i if in into is it its itself just like look looked looks me more most " +
    "much my myself now of off on once one only or other our ours out over own please quite really same seem seems she " +
    "should so some still such than that thats the their theirs them then there theres these they this those through to " +
    "too under until up upon us very was we were what when where which while who whom why will with would yet you your yours " +
    "im ive"
  ).split(" "),
);

const clauseBreak = /[.!?;:,()\[\]{}"\n\r\u2014\u2013]+/;

/** The words of a clause that can carry meaning, normalised. */
function clauseWords(clause: string): string[] {
  return clause
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 || /\d/.test(word))
    .filter((word) => !stopWords.has(word));
}

function normalised(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['\u2019]/g, "");
}

/** Every 2- and 3-word phrase of a text, each once. */
export function phrasesOf(text: string): Set<string> {
  const phrases = new Set<string>();
  for (const clause of normalised(text).split(clauseBreak)) {
    const words = clauseWords(clause);
    for (let start = 0; start < words.length; start += 1) {
      for (const length of [2, 3]) {
        if (start + length <= words.length) phrases.add(words.slice(start, start + length).join(" "));
      }
    }
  }
  return phrases;
}

/** A report's text, with how many reports said exactly this (identical texts are read once). */
export type ReportText = { text: string; reports: number };

/** How many distinct reports use each phrase. */
export function phraseCounts(texts: readonly ReportText[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { text, reports } of texts) {
    for (const phrase of phrasesOf(text)) counts.set(phrase, (counts.get(phrase) ?? 0) + reports);
  }
  return counts;
}

export type Theme = { phrase: string; reports: number };

export const minThemeReports = 2;

/** "Mostly", in steps 5 and 6 above. */
const mostly = 3 / 4;

function sum(indexes: Iterable<number>, texts: readonly ReportText[]): number {
  let total = 0;
  for (const index of indexes) total += texts[index]?.reports ?? 0;
  return total;
}

/** The themes of reports' texts, most used first; `limit` caps how many are listed. */
export function themesOf(texts: readonly ReportText[], limit = 10): Theme[] {
  const users = new Map<string, number[]>();
  texts.forEach(({ text }, index) => {
    for (const phrase of phrasesOf(text)) {
      const indexes = users.get(phrase);
      if (indexes) indexes.push(index);
      else users.set(phrase, [index]);
    }
  });
  const counted = [...users]
    .map(([phrase, indexes]) => ({ phrase, indexes, reports: sum(indexes, texts) }))
    .filter((candidate) => candidate.reports >= minThemeReports);
  const reportsOf = new Map(counted.map((candidate) => [candidate.phrase, candidate.reports]));
  const subsumed = new Set<string>();
  for (const { phrase, reports } of counted) {
    const words = phrase.split(" ");
    if (words.length !== 3) continue;
    for (const pair of [words.slice(0, 2).join(" "), words.slice(1).join(" ")]) {
      if (reports >= mostly * (reportsOf.get(pair) ?? Infinity)) subsumed.add(pair);
    }
  }
  const ordered = counted
    .filter((candidate) => !subsumed.has(candidate.phrase))
    .sort(
      (a, b) =>
        b.reports - a.reports ||
        b.phrase.split(" ").length - a.phrase.split(" ").length ||
        a.phrase.localeCompare(b.phrase),
    );
  const listed: Theme[] = [];
  const covered = new Set<number>();
  for (const { phrase, indexes, reports } of ordered) {
    if (listed.length === limit) break;
    if (
      sum(
        indexes.filter((index) => covered.has(index)),
        texts,
      ) >=
      mostly * reports
    )
      continue;
    listed.push({ phrase, reports });
    for (const index of indexes) covered.add(index);
  }
  return listed;
}

/** Whether a report's text uses a theme's phrase, by the same reading that found the theme. */
export function usesPhrase(text: string, phrase: string): boolean {
  return phrasesOf(text).has(phrase);
}
