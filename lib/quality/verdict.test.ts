import { describe, expect, it } from "vitest";
import { unusableFindings, type QualityCheckLike } from "./verdict";

const fine: QualityCheckLike = {
  status: "checked",
  decodes: true,
  uniform: false,
  width: 512,
  height: 512,
  expectedWidth: 512,
  expectedHeight: 512,
};

const blank = "The image is blank: a single colour.";
const undecodable = "The file does not decode as an image.";

describe("unusableFindings", () => {
  it.each<[string, QualityCheckLike | null, string[]]>([
    ["no check at all", null, []],
    ["a fine output", fine, []],
    ["a fine output of no expected size", { ...fine, width: 300, expectedWidth: null, expectedHeight: null }, []],
    ["a pending check, whatever it holds", { ...fine, status: "pending", decodes: false, uniform: true }, []],
    [
      "an unavailable file",
      { ...fine, status: "unavailable", decodes: null, uniform: null, width: null, height: null },
      [],
    ],
    ["a video", { ...fine, status: "not_applicable", decodes: null, uniform: null, width: null, height: null }, []],
    ["a blank image", { ...fine, uniform: true }, [blank]],
    ["a wider image", { ...fine, width: 768 }, ["The image is 768×512, not the expected 512×512."]],
    ["a shorter image", { ...fine, height: 300 }, ["The image is 512×300, not the expected 512×512."]],
    [
      "a blank image of the wrong size",
      { ...fine, uniform: true, height: 300 },
      [blank, "The image is 512×300, not the expected 512×512."],
    ],
    [
      "a file that does not decode",
      { ...fine, decodes: false, uniform: null, width: null, height: null },
      [undecodable],
    ],
    [
      "a file that does not decode, whatever else was recorded",
      { ...fine, decodes: false, uniform: true, width: 1 },
      [undecodable],
    ],
    [
      "an image too large to decode, of the wrong size",
      { ...fine, decodes: null, uniform: null, width: 40_000 },
      ["The image is 40000×512, not the expected 512×512."],
    ],
    [
      "an image too large to decode, of no expected size",
      { ...fine, decodes: null, uniform: null, expectedWidth: null, expectedHeight: null },
      [],
    ],
  ])("%s", (_name, check, findings) => {
    expect(unusableFindings(check)).toEqual(findings);
  });
});
