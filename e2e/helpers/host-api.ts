import { expect, type APIRequestContext } from "@playwright/test";
import type { Platform, RefundReason } from "@/db/enums";

/** A generation the host backend makes for a customer, with the app's sofa sample as input and output. */
export type Hosted = {
  /** Appended to the customer's id to name the generation. */
  suffix: string;
  feature?: string;
  platform?: Platform;
  cost?: number;
  createdAt?: string;
  prompt?: string;
};

/** What the customer says is wrong with it. */
export type Complaint = { reason?: RefundReason; details?: string };

export type HostedRequest = {
  id: string;
  status: string;
  decision: { code: string } | null;
  policyVersion: number;
};

/** The host backend's side of the API (../shared/API.md), with the key global-setup made. */
export type HostApi = {
  put(path: string, body: object): Promise<unknown>;
  post(path: string, body: object): Promise<unknown>;
  /** Starts the generation and reports it succeeded. */
  finishedGeneration(customerId: string, hosted: Hosted): Promise<{ id: string; cost: number }>;
  /** A finished generation that the host then reports as bad on the customer's behalf. */
  reportedGeneration(customerId: string, hosted: Hosted & Complaint): Promise<HostedRequest>;
};

/** `origin` is the app's: the app fetches the sample back from the URLs sent. */
export function hostApi(request: APIRequestContext, origin: string): HostApi {
  const key = process.env.E2E_API_KEY;
  if (!key) throw new Error("E2E_API_KEY is missing: playwright.config.ts's global setup makes it");
  const headers = { Authorization: `Bearer ${key}` };
  const call = async (method: "put" | "post", path: string, body: object) => {
    const response = await request[method](`/api/v1${path}`, { headers, data: body });
    const answer = `${method.toUpperCase()} ${path} answered ${response.status()}: ${await response.text()}`;
    expect(response.ok(), answer).toBe(true);
    return response.json();
  };
  const post = (path: string, body: object) => call("post", path, body);

  async function finishedGeneration(customerId: string, hosted: Hosted) {
    const { suffix, feature = "virtual_model", platform = "web", cost = 4, createdAt, prompt } = hosted;
    const id = `${customerId}-${suffix}`;
    const sofa = new URL("/api/samples/sofa", origin).href;
    await post("/generations", {
      id,
      customerId,
      feature,
      platform,
      context: "editor",
      cost,
      inputUrl: sofa,
      ...(createdAt ? { createdAt } : {}),
      ...(prompt ? { prompt } : {}),
    });
    await post(`/generations/${id}/succeed`, { outputUrl: sofa });
    return { id, cost };
  }

  async function reportedGeneration(customerId: string, hosted: Hosted & Complaint) {
    const { reason = "distorted", details = "The sofa legs are bent and melt into the rug.", ...made } = hosted;
    const { id } = await finishedGeneration(customerId, made);
    const { request } = (await post("/refund-requests", { generationId: id, customerId, reason, details })) as {
      request: HostedRequest;
    };
    return request;
  }

  return { put: (path, body) => call("put", path, body), post, finishedGeneration, reportedGeneration };
}

export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}
