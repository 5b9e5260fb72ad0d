import { ERROR_CATALOGUE, problemType } from '../errors/catalogue.js';
import type { RampartError } from '../errors/rampart-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details; `errors` only names fields of the request. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

/** Builds the one error envelope. Only catalogue titles and safe details ever reach it. */
export function toProblem(error: RampartError, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: problemType(error.code),
    title: ERROR_CATALOGUE[error.code].title,
    status: error.status,
    requestId,
  };
  if (error.detail !== undefined) body.detail = error.detail;
  if (error.errors !== undefined)
    body.errors = error.errors.map((e) => ({ path: e.path, message: e.message }));
  return body;
}
