// Turns the credentials on the command line into audit principals: tokens are used as given,
// login recipes POST {email,password} to the login path (API.md) and take `accessToken`.
// Identity (user and organization id) is read from the probe operation (`/v1/me`) when present.
import { decodeJwt } from 'jose';
import { is2xx, type HttpClient } from './http/client.js';
import { asObject, asString } from './openapi/json.js';
import type { Operation } from './openapi/model.js';
import type { Credential } from './options.js';
import { sendAs, type Principal } from './context.js';

export class AuditTargetError extends Error {
  readonly code = 'AUDIT_TARGET';
}

type Label = Principal['label'];

export async function openSession(
  http: HttpClient,
  credential: Credential,
  label: Label,
  loginPath: string,
  probe: Operation | undefined,
): Promise<Principal> {
  const principal: Principal = {
    label,
    token: '',
    email: undefined,
    password: undefined,
    login: undefined,
    userId: undefined,
    orgId: undefined,
  };
  if (credential.kind === 'token') {
    principal.token = credential.token;
  } else {
    principal.email = credential.email;
    principal.password = credential.password;
    http.masker.add(credential.password, `password of ${label}`);
    const exchange = await http.send({
      method: 'POST',
      path: loginPath,
      json: { email: credential.email, password: credential.password },
      retryOn429: true,
    });
    const body = asObject(exchange.json);
    const token =
      asString(body?.accessToken) ?? asString(body?.access_token) ?? asString(body?.token);
    if (!is2xx(exchange) || token === undefined) {
      throw new AuditTargetError(
        `login of ${label} (${credential.email}) at ${loginPath} failed with HTTP ${exchange.status}; check the --login recipe`,
      );
    }
    principal.token = token;
    principal.login = exchange;
  }
  http.masker.add(principal.token, `token of ${label}`);
  try {
    const claims = decodeJwt(principal.token);
    principal.userId = typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    // Opaque tokens are fine; identity then comes from the probe answer only.
  }
  if (probe) {
    const me = await sendAs(http, { method: 'GET', path: probe.path, as: principal });
    if (me.status === 401)
      throw new AuditTargetError(
        `the credential of ${label} is not accepted: GET ${probe.path} answered HTTP ${me.status}`,
      );
    const body = is2xx(me) ? asObject(me.json) : undefined;
    principal.userId = asString(body?.id) ?? principal.userId;
    principal.orgId =
      asString(body?.organizationId) ?? asString(body?.orgId) ?? asString(body?.tenantId);
  }
  return principal;
}

/** The cheapest authenticated read: a secured GET without parameters, `/me` preferred. */
export function pickProbe(operations: readonly Operation[]): Operation | undefined {
  const candidates = operations.filter(
    (op) =>
      op.method === 'GET' &&
      !op.isPublic &&
      !op.path.includes('{') &&
      !op.parameters.some((p) => p.required),
  );
  return (
    candidates.find((op) => /\/me$/.test(op.path)) ??
    [...candidates].sort((x, y) => x.path.length - y.path.length)[0]
  );
}
