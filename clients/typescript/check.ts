// What a front office's TypeScript code relies on, checked by tsc --strict in the contract test: the created
// application's id is a string, a refusal's errors are lists of messages per field, lists have typed items.
import type { components, paths } from "./schema";

type Accepted = paths["/api/applications"]["post"]["responses"][201]["content"]["application/json"];
type Problem = components["schemas"]["ProblemDetails"];
type Submission = components["schemas"]["SubmitApplication"];

export function applicationId(accepted: Accepted): string {
  return accepted.applicationId;
}

export function messages(problem: Problem, field: string): string[] {
  return problem.errors?.[field] ?? [];
}

export function services(submission: Submission): string[] {
  return submission.services ?? [];
}
