/** Query parameter names that carry credentials in common APIs. */
const CREDENTIAL_PARAMS = new Set([
  'access_token',
  'accesstoken',
  'token',
  'id_token',
  'refresh_token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'x-api-key',
  'jwt',
  'auth',
  'authorization',
  'bearer',
  'password',
  'secret',
  'client_secret',
  'session',
]);

const CREDENTIAL_VALUE = /sk_(?:live|test)_|eyJ[\w-]{5,}\.[\w-]{5,}\./;

/**
 * Finds a credential in the query string: by parameter name, or by a value shaped like
 * an API key or a JWT. Returns the parameter name only (never the value) for the event.
 */
export function findCredentialInQuery(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const [name, value] of params) {
    if (CREDENTIAL_PARAMS.has(name.toLowerCase()) || CREDENTIAL_VALUE.test(value))
      return name.slice(0, 64);
  }
  return undefined;
}
