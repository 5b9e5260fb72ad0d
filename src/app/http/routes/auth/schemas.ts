import { Type } from '../../../../kit/index.js';
import { ROLES } from '../../../domain/roles.js';

/** A user as API.md shows it; fast-json-stringify drops every other field of the row. */
export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    organizationId: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const TokenResponse = Type.Object(
  {
    accessToken: Type.String(),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer(),
  },
  { additionalProperties: false },
);

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
// 128 code points may take up to 512 UTF-16 units; the policy counts code points.
const Password = Type.String({ minLength: 1, maxLength: 512 });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Password,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    organizationName: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false },
);

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly organization_id: string;
  readonly created_at: string;
}

/** Maps a row to the contract's fields, and only those. */
export function presentUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organization_id,
    createdAt: row.created_at,
  };
}
