import { describe, expect, it } from "vitest";
import { GET as getBalance } from "@/pages/api/v1/customers/[customerId]/balance";
import { POST as postGeneration } from "@/pages/api/v1/generations";
import { GET as getGeneration } from "@/pages/api/v1/generations/[id]";
import { POST as postFail } from "@/pages/api/v1/generations/[id]/fail";
import { POST as postSucceed } from "@/pages/api/v1/generations/[id]/succeed";
import { hostApi, recordedState, type Reply } from "../support/api";
import { customerWith } from "../support/ledger";

const call = hostApi();

function startBody(customerId: string, id: string, cost = 4) {
  return { id, customerId, feature: "recolor", platform: "ios", context: "editor", cost };
}

const start = (body: Record<string, unknown>) => call(postGeneration, { body });
const succeed = (id: string, outputUrl = `https://cdn.example/${id}.png`) =>
  call(postSucceed, { params: { id }, body: { outputUrl } });
const fail = (id: string, errorCode = "gpu_out_of_memory") => call(postFail, { params: { id }, body: { errorCode } });
const read = (id: string) => call(getGeneration, { params: { id } });
const balance = async (customerId: string) => (await call(getBalance, { params: { customerId } })).body.balance;

function expectRefusal(reply: Reply, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(reply.body.error).toMatchObject({ code });
}

describe("POST /generations", () => {
  it("records the generation and holds its cost with 201", async () => {
    await customerWith("start-ok", 20);
    const reply = await start({
      ...startBody("start-ok", "start-ok-1"),
      createdAt: "2024-05-01T12:00:00Z",
      inputUrl: "https://cdn.example/in.png",
      prompt: "A red dress on a mannequin",
      modelVersion: "recolor-2.1",
      expectedWidth: 1024,
      expectedHeight: 768,
    });
    expect(reply).toEqual({
      status: 201,
      body: {
        generation: {
          id: "start-ok-1",
          customerId: "start-ok",
          feature: "recolor",
          platform: "ios",
          context: "editor",
          cost: 4,
          status: "running",
          createdAt: "2024-05-01T12:00:00.000Z",
          finishedAt: null,
          inputUrl: "https://cdn.example/in.png",
          outputUrl: null,
          prompt: "A red dress on a mannequin",
          modelVersion: "recolor-2.1",
          expectedWidth: 1024,
          expectedHeight: 768,
          errorCode: null,
        },
        balance: { available: 16, held: 4, posted: 20 },
      },
    });
  });

  it("answers a repeated start with 200 and the same generation, holding nothing more", async () => {
    await customerWith("start-again", 20);
    const first = await start(startBody("start-again", "start-again-1"));
    const before = await recordedState();
    const again = await start(startBody("start-again", "start-again-1"));
    expect(again.status).toBe(200);
    expect(again.body.generation).toEqual(first.body.generation);
    expect(again.body.balance).toEqual({ available: 16, held: 4, posted: 20 });
    expect(await recordedState()).toEqual(before);
  });

  it("refuses the same id with a different body with 409 idempotency.mismatch", async () => {
    await customerWith("start-mismatch", 20);
    await start(startBody("start-mismatch", "start-mismatch-1", 4));
    const before = await recordedState();
    expectRefusal(await start(startBody("start-mismatch", "start-mismatch-1", 5)), 409, "idempotency.mismatch");
    expect(await recordedState()).toEqual(before);
  });

  it("refuses a hold the balance cannot cover with 402 credits.insufficient and writes nothing", async () => {
    await customerWith("start-poor", 3);
    const before = await recordedState();
    expectRefusal(await start(startBody("start-poor", "start-poor-1", 4)), 402, "credits.insufficient");
    expect(await recordedState()).toEqual(before);
    expect(await balance("start-poor")).toEqual({ available: 3, held: 0, posted: 3 });
  });

  it("refuses an unknown customer with 404 customer.not_found and writes nothing", async () => {
    const before = await recordedState();
    expectRefusal(await start(startBody("nobody", "orphan-1")), 404, "customer.not_found");
    expect(await recordedState()).toEqual(before);
  });

  it("refuses an unknown feature with 422 feature.unknown naming the field, and writes nothing", async () => {
    await customerWith("start-feature", 20);
    const before = await recordedState();
    const reply = await start({ ...startBody("start-feature", "start-feature-1"), feature: "teleport" });
    expectRefusal(reply, 422, "feature.unknown");
    expect(reply.body.error!.field).toBe("feature");
    expect(await recordedState()).toEqual(before);
  });

  it("names the unknown feature first when the customer is unknown too", async () => {
    const reply = await start({ ...startBody("nobody", "orphan-2"), feature: "teleport" });
    expectRefusal(reply, 422, "feature.unknown");
  });
});

describe("POST /generations/{id}/succeed", () => {
  it("captures the hold with 200, and a repeated succeed gets 200 and the same result", async () => {
    await customerWith("win", 20);
    await start(startBody("win", "win-1", 4));
    const first = await succeed("win-1");
    expect(first.status).toBe(200);
    expect(first.body.generation).toMatchObject({
      status: "succeeded",
      outputUrl: "https://cdn.example/win-1.png",
      errorCode: null,
    });
    expect(first.body.generation!.finishedAt).toEqual(expect.any(String));
    expect(first.body.balance).toEqual({ available: 16, held: 0, posted: 16 });

    const before = await recordedState();
    const again = await succeed("win-1");
    expect(again).toEqual(first);
    expect(await recordedState()).toEqual(before);
  });

  it("refuses a repeated succeed with a different output URL with 409 idempotency.mismatch", async () => {
    await customerWith("win-mismatch", 20);
    await start(startBody("win-mismatch", "win-mismatch-1"));
    await succeed("win-mismatch-1");
    const before = await recordedState();
    expectRefusal(await succeed("win-mismatch-1", "https://cdn.example/other.png"), 409, "idempotency.mismatch");
    expect(await recordedState()).toEqual(before);
  });

  it("refuses to succeed a failed generation with 409 generation.already_resolved", async () => {
    await customerWith("fail-then-win", 20);
    await start(startBody("fail-then-win", "fail-then-win-1"));
    await fail("fail-then-win-1");
    const before = await recordedState();
    expectRefusal(await succeed("fail-then-win-1"), 409, "generation.already_resolved");
    expect(await recordedState()).toEqual(before);
    expect(await balance("fail-then-win")).toEqual({ available: 20, held: 0, posted: 20 });
  });

  it("refuses an unknown generation with 404 generation.not_found", async () => {
    expectRefusal(await succeed("never-started"), 404, "generation.not_found");
  });
});

describe("POST /generations/{id}/fail", () => {
  it("releases the hold with 200, and a repeated fail gets 200 and the same result", async () => {
    await customerWith("lose", 20);
    await start(startBody("lose", "lose-1", 4));
    const first = await fail("lose-1");
    expect(first.status).toBe(200);
    expect(first.body.generation).toMatchObject({ status: "failed", errorCode: "gpu_out_of_memory", outputUrl: null });
    expect(first.body.balance).toEqual({ available: 20, held: 0, posted: 20 });

    const before = await recordedState();
    const again = await fail("lose-1");
    expect(again).toEqual(first);
    expect(await recordedState()).toEqual(before);
  });

  it("refuses a repeated fail with a different error code with 409 idempotency.mismatch", async () => {
    await customerWith("lose-mismatch", 20);
    await start(startBody("lose-mismatch", "lose-mismatch-1"));
    await fail("lose-mismatch-1", "timeout");
    const before = await recordedState();
    expectRefusal(await fail("lose-mismatch-1", "nsfw_filter"), 409, "idempotency.mismatch");
    expect(await recordedState()).toEqual(before);
  });

  it("refuses to fail a succeeded generation with 409 generation.already_resolved", async () => {
    await customerWith("win-then-fail", 20);
    await start(startBody("win-then-fail", "win-then-fail-1", 4));
    await succeed("win-then-fail-1");
    const before = await recordedState();
    expectRefusal(await fail("win-then-fail-1"), 409, "generation.already_resolved");
    expect(await recordedState()).toEqual(before);
    expect(await balance("win-then-fail")).toEqual({ available: 16, held: 0, posted: 16 });
  });

  it("refuses an unknown generation with 404 generation.not_found", async () => {
    expectRefusal(await fail("never-started"), 404, "generation.not_found");
  });
});

describe("GET /generations/{id}", () => {
  it("shows a generation as it stands", async () => {
    await customerWith("reader", 20);
    await start(startBody("reader", "reader-1"));
    const resolved = await succeed("reader-1");
    expect(await read("reader-1")).toEqual({ status: 200, body: { generation: resolved.body.generation } });
  });

  it("answers 404 generation.not_found for an unknown id", async () => {
    expectRefusal(await read("never-started"), 404, "generation.not_found");
  });
});

describe("the balance through holds, captures and releases", () => {
  it("never lets available go below zero, and keeps held and posted exact", async () => {
    await customerWith("ledger-walk", 10);
    expect((await start(startBody("ledger-walk", "walk-1", 6))).body.balance).toEqual({
      available: 4,
      held: 6,
      posted: 10,
    });
    expectRefusal(await start(startBody("ledger-walk", "walk-2", 6)), 402, "credits.insufficient");
    expect((await start(startBody("ledger-walk", "walk-3", 4))).body.balance).toEqual({
      available: 0,
      held: 10,
      posted: 10,
    });
    expectRefusal(await start(startBody("ledger-walk", "walk-4", 1)), 402, "credits.insufficient");
    expect((await succeed("walk-1")).body.balance).toEqual({ available: 0, held: 4, posted: 4 });
    expect((await fail("walk-3")).body.balance).toEqual({ available: 4, held: 0, posted: 4 });
    expect(await balance("ledger-walk")).toEqual({ available: 4, held: 0, posted: 4 });
  });
});
