import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";

export type Method = "get" | "put" | "post" | "delete";

/** What a test saw come back from a host route. */
export type Answer = { status: number; body?: unknown };

const documentId = "https://makegood.test/api/v1/openapi.json";

function validatorOf() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // The document is not itself a JSON schema; these are the OpenAPI fields around the schemas in it.
  ajv.addVocabulary(["openapi", "info", "servers", "security", "tags", "paths", "components", "webhooks"]);
  ajv.addSchema(openApiDocument(), documentId);
  return ajv;
}

let ajv: ReturnType<typeof validatorOf> | undefined;

function pointer(...segments: string[]): string {
  return segments.map((segment) => `/${segment.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** Every operation and status a test has checked against the document, as "get /generations/{id} 200". */
export const checkedAnswers = new Set<string>();

async function answerOf(answer: Response | Answer): Promise<Answer & { headers?: Headers }> {
  if (!(answer instanceof Response)) return answer;
  const text = await answer.text();
  return { status: answer.status, body: text ? JSON.parse(text) : undefined, headers: answer.headers };
}

/**
 * Checks a real answer against the document: its status must be one the operation documents, its
 * JSON body must match that status's schema (no body where the document gives none), and a whole
 * Response must carry the headers the document requires.
 */
export async function expectContract(method: Method, path: string, response: Response | Answer): Promise<void> {
  const answer = await answerOf(response);
  const operation = openApiDocument().paths?.[path]?.[method];
  expect(operation, `${method} ${path} is in the document`).toBeDefined();
  const documented = operation?.responses?.[`${answer.status}`];
  expect(documented, `${method} ${path} documents status ${answer.status}`).toBeDefined();
  if (!documented || "$ref" in documented) return;
  checkedAnswers.add(`${method} ${path} ${answer.status}`);
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (answer.headers && typeof header === "object" && header && "required" in header && header.required) {
      expect(answer.headers.get(name), `${method} ${path} ${answer.status} carries ${name}`).toBeTruthy();
    }
  }
  if (!documented.content) {
    expect(answer.body, `${method} ${path} ${answer.status} has no body`).toBeUndefined();
    return;
  }
  ajv ??= validatorOf();
  const location = pointer(
    "paths",
    path,
    method,
    "responses",
    `${answer.status}`,
    "content",
    "application/json",
    "schema",
  );
  const validate = ajv.getSchema(`${documentId}#${location}`);
  if (!validate) throw new Error(`No schema at ${location}`);
  validate(answer.body);
  expect(validate.errors ?? [], `${method} ${path} ${answer.status} matches the document`).toEqual([]);
}
