import { expect, type APIRequestContext } from "@playwright/test";

/** The host backend's side of the API (../shared/API.md), with the key global-setup made. */
export type HostApi = {
  put(path: string, body: object): Promise<unknown>;
  post(path: string, body: object): Promise<unknown>;
};

export function hostApi(request: APIRequestContext): HostApi {
  const key = process.env.E2E_API_KEY;
  if (!key) throw new Error("E2E_API_KEY is missing: playwright.config.ts's global setup makes it");
  const headers = { Authorization: `Bearer ${key}` };
  const call = async (method: "put" | "post", path: string, body: object) => {
    const response = await request[method](`/api/v1${path}`, { headers, data: body });
    const answer = `${method.toUpperCase()} ${path} answered ${response.status()}: ${await response.text()}`;
    expect(response.ok(), answer).toBe(true);
    return response.json();
  };
  return { put: (path, body) => call("put", path, body), post: (path, body) => call("post", path, body) };
}

export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}
