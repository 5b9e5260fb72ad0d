import { PAGE_QUERY, Type, idPattern, pageOf } from '../../../../kit/index.js';
import { ROLES } from '../../../domain/roles.js';

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';

export const Role = Type.Enum([...ROLES]);

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  organizationId: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const UserParams = Type.Object(
  {
    id: Type.String({
      maxLength: 26,
      pattern: idPattern('usr'),
      description: 'User id (`usr_…`).',
    }),
  },
  { additionalProperties: false },
);

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: PRINTABLE });

export const InviteUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    name: Name,
    role: Type.Enum([...ROLES], {
      description: 'Strictly below your own role (an owner may add admins).',
    }),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  { role: Type.Optional(Role), name: Type.Optional(Name) },
  { additionalProperties: false, minProperties: 1 },
);

export const ListUsersQuery = Type.Object({ ...PAGE_QUERY }, { additionalProperties: false });

export const UserPage = pageOf(UserSchema);

export const InvitationResponse = Type.Object({
  user: UserSchema,
  invitation: Type.Object({
    token: Type.String({ description: 'One-time token, shown once; valid 72 hours.' }),
    expiresAt: Type.String({ format: 'date-time' }),
  }),
});

export const AcceptInvitationBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 128 }),
    // 128 code points may take up to 512 UTF-16 units; the policy counts code points.
    password: Type.String({ minLength: 1, maxLength: 512 }),
  },
  { additionalProperties: false },
);
