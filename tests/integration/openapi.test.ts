import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NextRequest } from "next/server";
import { GET } from "@/pages/api/v1/openapi.json";
import { openApiDocument } from "@/lib/api/openapi";
import { errorStatus, type ErrorCode } from "@/lib/errors";
import { proxy } from "@/proxy";
import { hostRoutes, httpMethods } from "../support/host-routes";

/** Every route file under pages/api/v1 with each HTTP method it exports, as "get /generations/{id}". */
async function routeOperations(): Promise<string[]> {
  return (await hostRoutes()).map((route) => `${route.method.toLowerCase()} ${route.template}`).sort();
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The document's answer, with no key, as a host asks for it. */
const getDocument = () => GET(new Request("http://makegood.test/api/v1/openapi.json"), { params: Promise.resolve({}) });

/** The served document, read back as a host reads it. */
async function servedDocument(): Promise<{ [key: string]: Json }> {
  return (await (await getDocument()).json()) as { [key: string]: Json };
}

function resolve(document: Json, ref: string): Json | undefined {
  let node: Json | undefined = document;
  for (const segment of ref.replace(/^#\//, "").split("/")) {
    const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else node = node && typeof node === "object" ? node[key] : undefined;
  }
  return node;
}

function refsIn(node: Json): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" && typeof value === "string" ? [value] : refsIn(value),
  );
}

/** The contract's one code with a second status: JSON that does not parse is a 400 validation.failed. */
function secondStatus(code: string): number[] {
  return code === "validation.failed" ? [400] : [];
}

/** Where the document holds a request body's, a parameter's or a response's schema, in paths and webhooks. */
function schemaPointers(document: Json): string[] {
  const pointers: string[] = [];
  const operations = ["paths", "webhooks"].flatMap((section) => {
    const items = resolve(document, `#/${section}`);
    return Object.entries(items && typeof items === "object" ? items : {}).flatMap(([name, item]) =>
      Object.keys(item && typeof item === "object" ? item : {}).map(
        (method) => `#/${section}/${name.replaceAll("/", "~1")}/${method}`,
      ),
    );
  });
  for (const base of operations) {
    const body = `${base}/requestBody/content/application~1json/schema`;
    if (resolve(document, body)) pointers.push(body);
    const parameters = resolve(document, `${base}/parameters`);
    if (Array.isArray(parameters)) pointers.push(...parameters.map((_, index) => `${base}/parameters/${index}/schema`));
    const responses = resolve(document, `${base}/responses`);
    for (const status of Object.keys(responses && typeof responses === "object" ? responses : {})) {
      const schema = `${base}/responses/${status}/content/application~1json/schema`;
      if (resolve(document, schema)) pointers.push(schema);
    }
  }
  return pointers;
}

/** The part of an error answer's schema that lists its codes. */
const errorCodes = z.object({
  properties: z.object({
    error: z.object({ properties: z.object({ code: z.object({ enum: z.array(z.string()).min(1) }) }) }),
  }),
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the OpenAPI 3.1 document as JSON, with no API key, and with X-Request-Id as every answer has", async () => {
    const response = await getDocument();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const document = await response.json();
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(document).toMatchObject({ openapi: "3.1.0", servers: [{ url: "/api/v1" }] });
  });

  it("is let through, as /docs/api is, without a session", async () => {
    for (const page of ["/api/v1/openapi.json", "/docs/api"]) {
      const response = await proxy(new NextRequest(`http://makegood.test${page}`));
      expect(response.headers.get("location"), page).toBeNull();
    }
  });

  it("has every route under pages/api/v1 with each method it exports, and nothing else", async () => {
    const paths = openApiDocument().paths ?? {};
    const documented = Object.entries(paths).flatMap(([template, item]) =>
      httpMethods
        .map((method) => method.toLowerCase())
        .filter((method) => method in item)
        .map((method) => `${method} ${template}`),
    );
    expect(documented.sort()).toEqual(await routeOperations());
  });

  it("resolves every $ref", async () => {
    const document = await servedDocument();
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve(document, ref), ref).toBeDefined();
  });

  it("declares each path's parameters, unique operation ids, a success, and the API key on every operation but its own", () => {
    const operationIds: string[] = [];
    for (const [template, item] of Object.entries(openApiDocument().paths ?? {})) {
      const inTemplate = [...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();
      for (const method of ["get", "put", "post", "delete"] as const) {
        const operation = item[method];
        if (!operation) continue;
        const where = `${method} ${template}`;
        if (operation.operationId) operationIds.push(operation.operationId);
        const declared = (operation.parameters ?? []).flatMap((parameter) =>
          "in" in parameter && parameter.in === "path" && parameter.required ? [parameter.name] : [],
        );
        expect(declared.sort(), where).toEqual(inTemplate);
        expect(
          Object.keys(operation.responses ?? {}).some((status) => status.startsWith("2")),
          where,
        ).toBe(true);
        expect(operation.security, where).toEqual(template === "/openapi.json" ? [] : undefined);
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(openApiDocument().security).toEqual([{ apiKey: [] }]);
    expect(openApiDocument().components?.securitySchemes?.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("answers each refusal with the status its code always has", async () => {
    // The two codes only the route wrapper answers, for a bug and for a database that cannot be reached.
    const wrapperStatus = { "internal.error": 500, "service.unavailable": 503 };
    const document = await servedDocument();
    const pointers = schemaPointers(document).filter((pointer) => /\/responses\/[45]\d\d\//.test(pointer));
    expect(pointers.length).toBeGreaterThan(0);
    for (const pointer of pointers) {
      const status = Number(/\/responses\/(\d+)\//.exec(pointer)?.[1]);
      const codes = errorCodes.parse(resolve(document, pointer)).properties.error.properties.code.enum;
      for (const code of codes) {
        const statuses =
          code in wrapperStatus
            ? [wrapperStatus[code as keyof typeof wrapperStatus]]
            : [errorStatus[code as ErrorCode], ...secondStatus(code)];
        expect(statuses, `${pointer}: ${code}`).toContain(status);
      }
    }
  });

  it("holds only schemas that JSON Schema 2020-12 accepts, in strict mode", async () => {
    const document = await servedDocument();
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    ajv.addVocabulary(["openapi", "info", "servers", "security", "tags", "paths", "components", "webhooks"]);
    const id = "https://makegood.test/openapi.json";
    ajv.addSchema(document, id);
    for (const pointer of [...new Set([...refsIn(document), ...schemaPointers(document)])]) {
      const schema = resolve(document, pointer);
      expect(schema !== undefined && ajv.validateSchema(schema as object), pointer).toBe(true);
      expect(() => ajv.getSchema(`${id}${pointer}`), pointer).not.toThrow();
    }
  });
});
