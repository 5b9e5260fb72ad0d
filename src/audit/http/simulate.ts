// Dry-run answers. Nothing is sent, so checks are fed the answers of a well-behaved API:
// logins succeed with a placeholder token, creations return a placeholder id. That lets every
// check walk its happy path and list the requests it would send; data-dependent steps (one
// variant per published JWKS key, say) are listed for what the placeholders reveal only.
import type { IncomingHttpHeaders } from 'node:http';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A syntactically valid but worthless JWT so token-tampering variants can be built and listed. */
export const PLACEHOLDER_JWT = `${b64({ alg: 'ES256', kid: 'placeholder', typ: 'JWT' })}.${b64({ sub: 'usr_placeholder', iss: 'placeholder', aud: 'placeholder', exp: 4102444800 })}.c2ln`;

export function simulateResponse(
  method: string,
  pathname: string,
  loginPath: string,
): { status: number; headers: IncomingHttpHeaders; body: string; json: unknown } {
  let json: unknown = {};
  let status = 200;
  if (method === 'POST' && pathname === loginPath)
    json = { accessToken: PLACEHOLDER_JWT, tokenType: 'Bearer', expiresIn: 900 };
  else if (method === 'POST') {
    status = 201;
    json = { id: 'placeholder-id' };
  } else if (method === 'DELETE') status = 204;
  const body = JSON.stringify(json);
  return { status, headers: { 'content-type': 'application/json' }, body, json };
}
