import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';

/** One entry of a validation problem: names a field of the request only. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface RampartErrorOptions {
  /** Safe, client-facing detail. Never put input values, ids of other tenants or internals here. */
  readonly detail?: string;
  /** Internal message for the log only. */
  readonly internal?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * The one error type the HTTP layer turns into a problem+json answer.
 * Its `message` is the internal message: the public text comes from the catalogue.
 */
export class RampartError extends Error {
  override readonly name = 'RampartError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, options: RampartErrorOptions = {}) {
    super(
      options.internal ?? code,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export function isRampartError(value: unknown): value is RampartError {
  return value instanceof RampartError;
}
