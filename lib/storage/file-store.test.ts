import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-store-"));
process.env.DATA_DIR = dataDir;
const { getFile, putFile } = await import("./file-store");

afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

describe("the file store", () => {
  it("gives back what was put, with its content type", async () => {
    await putFile("generations/g-1/output.png", Buffer.from("pixels"), "image/png");
    expect(await getFile("generations/g-1/output.png")).toEqual({
      buffer: Buffer.from("pixels"),
      contentType: "image/png",
    });
    expect(await fs.readdir(path.join(dataDir, "files", "generations", "g-1"))).not.toContainEqual(
      expect.stringMatching(/\.tmp$/),
    );
  });

  it("answers null for a key that holds nothing", async () => {
    expect(await getFile("generations/nobody/output.png")).toBeNull();
  });

  it.each([
    "../secret",
    "generations/../../etc/passwd",
    "/etc/passwd",
    "a//b",
    ".hidden",
    "a/./b",
    "a\\b",
    "",
    "a/b.content-type",
  ])("refuses the key %j", async (key) => {
    await expect(putFile(key, Buffer.from("x"), "text/plain")).rejects.toThrow("invalid storage key");
    await expect(getFile(key)).rejects.toThrow("invalid storage key");
  });
});
