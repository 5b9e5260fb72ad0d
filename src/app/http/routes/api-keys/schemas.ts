import { PAGE_QUERY, Type, idPattern, pageOf } from '../../../../kit/index.js';
import { MAX_EXPIRES_IN_DAYS, MAX_GRACE_SECONDS } from '../../../api-keys/service.js';
import { API_KEY_SCOPES } from '../../../domain/roles.js';

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';

export const ApiKeyId = Type.String({
  maxLength: 26,
  pattern: idPattern('key'),
  description: 'API key id (`key_…`), public.',
});

export const ApiKeyParams = Type.Object({ id: ApiKeyId }, { additionalProperties: false });

const Scope = Type.Enum([...API_KEY_SCOPES], {
  description: 'A right the key carries; never more than its creator has.',
});

/** The masked key of API.md: enough to recognise a key, never enough to use it. */
export const MaskedApiKeySchema = Type.Object(
  {
    id: ApiKeyId,
    name: Type.String(),
    prefix: Type.String({ description: 'Type and first id characters, e.g. `sk_live_ab`.' }),
    last4: Type.String({ description: 'Last four characters; shown as `sk_live_ab…wxyz`.' }),
    scopes: Type.Array(Scope),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'Accurate to about a minute (writes are batched).',
    }),
  },
  { additionalProperties: false },
);

export const IssuedApiKeySchema = Type.Object(
  {
    ...MaskedApiKeySchema.properties,
    key: Type.String({
      description: 'The full key. Shown once, here; store it in a secret manager.',
    }),
  },
  { additionalProperties: false },
);

export const ApiKeyPage = pageOf(MaskedApiKeySchema);

export const ListApiKeysQuery = Type.Object(PAGE_QUERY, { additionalProperties: false });

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: PRINTABLE }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true }),
    expiresInDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_EXPIRES_IN_DAYS,
        description: 'Days until the key stops working; no expiry when absent.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RotateApiKeyBody = Type.Object(
  {
    gracePeriodSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_GRACE_SECONDS,
        description: 'How long the old key keeps working (default 0: it stops at once).',
      }),
    ),
  },
  { additionalProperties: false },
);
