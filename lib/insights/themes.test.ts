import { describe, expect, it } from "vitest";
import { phraseCounts, phrasesOf, themesOf, usesPhrase } from "./themes";

const texts = (...lines: string[]) => lines.map((text) => ({ text, reports: 1 }));

describe("phrasesOf", () => {
  it("drops stop words, case, accents and apostrophes, and pairs and triples what is left", () => {
    expect([...phrasesOf("The background is GONE!")]).toEqual(["background gone"]);
    expect([...phrasesOf("Café sign doesn't show")].sort()).toEqual([
      "cafe sign",
      "cafe sign doesnt",
      "doesnt show",
      "sign doesnt",
      "sign doesnt show",
    ]);
  });

  it("keeps negations, and never joins words across a clause break", () => {
    expect(phrasesOf("shadow not removed")).toContain("shadow not removed");
    expect([...phrasesOf("six fingers. Background gone")].sort()).toEqual(["background gone", "six fingers"]);
  });

  it("has nothing to say about a single word", () => {
    expect(phrasesOf("Blurry.").size).toBe(0);
  });
});

describe("phraseCounts", () => {
  it("counts a phrase once per report, however often the report repeats it, and weighs identical texts", () => {
    const counts = phraseCounts([
      { text: "six fingers, six fingers again", reports: 1 },
      { text: "She has six fingers", reports: 3 },
    ]);
    expect(counts.get("six fingers")).toBe(4);
  });
});

describe("themesOf", () => {
  it("keeps phrases in two reports or more, most used first", () => {
    const reports = texts(
      "The background is gone",
      "background gone after the edit",
      "Background gone again",
      "The model has six fingers",
      "six fingers on the right hand",
      "one blurry logo",
    );
    expect(themesOf(reports)).toEqual([
      { phrase: "background gone", reports: 3 },
      { phrase: "six fingers", reports: 2 },
    ]);
  });

  it("prefers a longer phrase over the shorter one it mostly covers", () => {
    const reports = texts(
      "left hand six fingers",
      "the left hand has six fingers",
      "a left hand with six fingers",
      "six fingers",
    );
    // "hand six fingers" is in 3 of the 4 reports with "six fingers"; "left hand six" adds no report.
    expect(themesOf(reports)).toEqual([{ phrase: "hand six fingers", reports: 3 }]);
  });

  it("keeps the shorter phrase when the longer ones cover little of it", () => {
    const reports = texts(
      "six fingers on her hand",
      "six fingers",
      "model with six fingers",
      "six fingers everywhere",
      "six fingers again",
      "six fingers on her hand",
    );
    expect(themesOf(reports)).toEqual([{ phrase: "six fingers", reports: 6 }]);
  });

  it("leaves out a phrase whose reports are mostly behind a listed theme already", () => {
    const reports = texts(
      "The background is gone, only white remains",
      "background gone, white remains",
      "white remains",
      "background gone again",
      "Background gone",
    );
    // Two of the three reports with "white remains" also say "background gone": not most of them.
    expect(themesOf(reports)).toEqual([
      { phrase: "background gone", reports: 4 },
      { phrase: "white remains", reports: 3 },
    ]);
    expect(themesOf(texts("background gone, white remains", "background gone, white remains"))).toEqual([
      { phrase: "background gone", reports: 2 },
    ]);
  });

  it("lists at most the limit", () => {
    const reports = texts("red sofa", "red sofa", "blue chair", "blue chair", "green lamp", "green lamp");
    expect(themesOf(reports, 2)).toHaveLength(2);
  });
});

describe("usesPhrase", () => {
  it("reads a text the way themes were found", () => {
    expect(usesPhrase("The background is gone!", "background gone")).toBe(true);
    expect(usesPhrase("The background. Gone.", "background gone")).toBe(false);
  });
});
