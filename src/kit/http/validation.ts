import { Ajv, type Options } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FastifySchema } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv) => Ajv;

const COMMON: Options = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
};

/**
 * Two validators: bodies are checked as sent (no type coercion: `"100"` is not a number),
 * while query, params and headers arrive as strings and are coerced. Neither ever
 * removes unknown fields silently: unknown fields are errors that name the field.
 */
export function createValidatorCompiler(): (input: {
  schema: FastifySchema;
  httpPart?: string;
}) => (data: unknown) => boolean {
  const bodyAjv = new Ajv({ ...COMMON, coerceTypes: false });
  const stringAjv = new Ajv({ ...COMMON, coerceTypes: true });
  addFormats(bodyAjv);
  addFormats(stringAjv);
  return ({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : stringAjv).compile(schema as object);
}
