import type { ErrorObject } from 'ajv';
import { RampartError, isRampartError, type FieldError } from '../errors/rampart-error.js';

const LOCATION: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/**
 * Maps anything thrown during a request to a RampartError. Known framework failures
 * become their 4xx; everything else is INTERNAL, whose internal message (maybe SQL or a
 * file path) goes to the log only.
 */
export function toRampartError(error: unknown): RampartError {
  if (isRampartError(error)) return error;
  const e = error as {
    code?: unknown;
    statusCode?: unknown;
    validation?: unknown;
    validationContext?: unknown;
    message?: unknown;
  };
  if (Array.isArray(e.validation)) {
    return new RampartError('VALIDATION_FAILED', {
      errors: fieldErrors(
        e.validation as ErrorObject[],
        LOCATION[String(e.validationContext)] ?? 'body',
      ),
    });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new RampartError('UNSUPPORTED_MEDIA_TYPE')
        : new RampartError('VALIDATION_FAILED');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new RampartError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new RampartError('MALFORMED_JSON');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new RampartError('VALIDATION_FAILED', { detail: 'The request URL is not valid.' });
    default:
      break;
  }
  // secure-json-parse and JSON.parse failures surface as 400 SyntaxErrors.
  if (error instanceof SyntaxError && e.statusCode === 400)
    return new RampartError('MALFORMED_JSON');
  if (
    typeof e.message === 'string' &&
    /prototype|__proto__/i.test(e.message) &&
    e.statusCode === 400
  ) {
    return new RampartError('MALFORMED_JSON', {
      detail: 'The request body contains a forbidden key.',
    });
  }
  if (e.statusCode === 413) return new RampartError('PAYLOAD_TOO_LARGE');
  if (e.statusCode === 414) return new RampartError('URI_TOO_LONG');
  if (e.statusCode === 404) return new RampartError('NOT_FOUND');
  if (e.statusCode === 405) return new RampartError('METHOD_NOT_ALLOWED');
  if (e.statusCode === 415) return new RampartError('UNSUPPORTED_MEDIA_TYPE');
  if (e.statusCode === 400) return new RampartError('VALIDATION_FAILED');
  return new RampartError('INTERNAL', {
    cause: error,
    internal: typeof e.message === 'string' ? e.message : 'unknown error',
  });
}

function fieldErrors(errors: readonly ErrorObject[], location: string): FieldError[] {
  return errors.slice(0, 20).map((error) => {
    const base = location + error.instancePath.replace(/\//g, '.');
    const params = error.params as { additionalProperty?: unknown; missingProperty?: unknown };
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      return { path: `${base}.${truncate(params.additionalProperty)}`, message: 'is not allowed' };
    }
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      return { path: `${base}.${truncate(params.missingProperty)}`, message: 'is required' };
    }
    return { path: base, message: error.message ?? 'is not valid' };
  });
}

function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}
