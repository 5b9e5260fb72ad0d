import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/context.js';
import type { UserRole } from '../../src/app/auth/identity-tables.js';

/**
 * Generous limits for suites that log in many times from one IP. Suites that test the
 * limits themselves do not use this.
 */
export const MANY_LOGINS_ENV: Readonly<Record<string, string>> = Object.freeze({
  RAMPART_LIMIT_IP_PER_MIN: '1000000',
  RAMPART_LIMIT_GLOBAL_PER_MIN: '10000000',
  RAMPART_LIMIT_PRINCIPAL_PER_MIN: '1000000',
  RAMPART_LIMIT_AUTH_IP_PER_MIN: '1000000',
  RAMPART_LIMIT_LOGIN_IP_FAILURES_PER_MIN: '1000000',
  RAMPART_LIMIT_LOGIN_FAILURES_PER_MIN: '1000',
  RAMPART_LIMIT_ACCOUNT_FAILURES_PER_HOUR: '1000000',
  RAMPART_LIMIT_LOGIN_DELAY_MS: '0',
  // Functional suites on a busy 2-core box must not be shed as overload.
  RAMPART_LIMIT_EVENT_LOOP_DELAY_MS: '0',
});

/** A logged-in test user: credentials, ids and the refresh cookie (name=value). */
export interface TestUser {
  readonly accessToken: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly email: string;
  readonly password: string;
  readonly role: UserRole;
  /** `__Host-rampart_refresh=<token>`, ready for a Cookie header. */
  readonly cookie: string;
  /** `{ authorization: 'Bearer …' }` */
  readonly headers: { authorization: string };
}

/** A unique email and a password the policy accepts. */
export function testCredentials(label = 'user'): { email: string; password: string } {
  const id = randomBytes(6).toString('hex');
  return {
    email: `${label}-${id}@example.test`,
    password: `Vq7!${randomBytes(12).toString('base64url')}`,
  };
}

/** Logs in through `POST /v1/auth/login`; throws with the response when it fails. */
export async function login(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<{ accessToken: string; cookie: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ accessToken: string }>();
  return { accessToken: body.accessToken, cookie: refreshCookieOf(res.headers['set-cookie']) };
}

/** The `name=value` part of the refresh Set-Cookie header. */
export function refreshCookieOf(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  const cookie = list.find((c) => c.startsWith('__Host-rampart_refresh='));
  return cookie?.split(';')[0] ?? '';
}

/**
 * Registers a new organization through `POST /v1/auth/register` (the caller becomes its
 * owner) and logs in. Every call makes a fresh tenant.
 */
export async function registerAndLogin(
  app: FastifyInstance,
  options: { email?: string; password?: string; name?: string; organizationName?: string } = {},
): Promise<TestUser> {
  const generated = testCredentials('owner');
  const email = options.email ?? generated.email;
  const password = options.password ?? generated.password;
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    payload: {
      email,
      password,
      name: options.name ?? 'Owner',
      organizationName: options.organizationName ?? 'Test Org',
    },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const user = res.json<{ id: string; organizationId: string }>();
  const session = await login(app, email, password);
  return asTestUser(user.id, user.organizationId, email, password, 'owner', session);
}

/**
 * Adds a user of `role` to an existing organization (directly through the identity
 * repository, with a real password hash) and logs them in through the HTTP route.
 */
export async function createUserAndLogin(
  app: FastifyInstance,
  context: AppContext,
  organizationId: string,
  role: UserRole,
  options: { email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const generated = testCredentials(role);
  const email = options.email ?? generated.email;
  const password = options.password ?? generated.password;
  const user = await context.auth.users.createUser({
    organizationId,
    email,
    name: options.name ?? `A ${role}`,
    role,
    passwordHash: await context.auth.passwords.hash(password),
  });
  const session = await login(app, email, password);
  return asTestUser(user.id, organizationId, email, password, role, session);
}

/** One organization with an owner, an admin, a member and a viewer, all logged in. */
export async function createTeam(
  app: FastifyInstance,
  context: AppContext,
): Promise<Record<UserRole, TestUser>> {
  const owner = await registerAndLogin(app);
  const [admin, member, viewer] = await Promise.all([
    createUserAndLogin(app, context, owner.organizationId, 'admin'),
    createUserAndLogin(app, context, owner.organizationId, 'member'),
    createUserAndLogin(app, context, owner.organizationId, 'viewer'),
  ]);
  return { owner, admin, member, viewer };
}

function asTestUser(
  userId: string,
  organizationId: string,
  email: string,
  password: string,
  role: UserRole,
  session: { accessToken: string; cookie: string },
): TestUser {
  return {
    accessToken: session.accessToken,
    userId,
    organizationId,
    email,
    password,
    role,
    cookie: session.cookie,
    headers: { authorization: `Bearer ${session.accessToken}` },
  };
}
