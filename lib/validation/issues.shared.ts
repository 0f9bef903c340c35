/** What forms and the API make of zod's issues: a field named by its path, and the rule it broke. */

type Issue = { path: PropertyKey[]; message: string };

/** What a failed zod parse holds; spelled out so that this module needs no zod of its own. */
export type Issues = { issues: Issue[] };

/** The issue's path joined with dots; an issue about the whole input has none, and gets `whole`. */
export function issueField(issue: Issue, whole: string): string {
  return issue.path.map(String).join(".") || whole;
}

/** The first broken rule, for answers that name one field. */
export function firstIssue(error: Issues, whole: string): { field: string; message: string } {
  const [issue] = error.issues;
  if (!issue) throw new Error("a failed parse has at least one issue");
  return { field: issueField(issue, whole), message: issue.message };
}

/** The first message for each field, as forms show them beside the input. */
export function fieldMessages(error: Issues, whole: string): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of error.issues) messages[issueField(issue, whole)] ??= issue.message;
  return messages;
}
