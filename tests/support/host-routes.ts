import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Handler } from "./api";

const apiRoot = path.resolve(import.meta.dirname, "../../pages/api/v1");
export const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export type HostRoute = {
  /** "POST /generations/{id}/succeed": the method and the path as the OpenAPI document writes them. */
  key: string;
  method: (typeof httpMethods)[number];
  template: string;
  /** The path parameters, in the order the path names them. */
  paramNames: string[];
  handler: Handler;
};

/** Every handler of the host API: each method that each route file under pages/api/v1 exports. */
export async function hostRoutes(): Promise<HostRoute[]> {
  const files = (await readdir(apiRoot, { recursive: true })).filter((file) => path.basename(file) === "index.ts");
  const routes: HostRoute[] = [];
  for (const file of files.sort()) {
    const segments = path.dirname(file).split(path.sep);
    const paramNames = segments.flatMap((segment) => /^\[(\w+)\]$/.exec(segment)?.[1] ?? []);
    const template = `/${segments.map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
    const exported = (await import(/* @vite-ignore */ path.join(apiRoot, file))) as Record<string, unknown>;
    for (const method of httpMethods) {
      const handler = exported[method];
      if (typeof handler === "function") {
        routes.push({ key: `${method} ${template}`, method, template, paramNames, handler: handler as Handler });
      }
    }
  }
  return routes;
}
