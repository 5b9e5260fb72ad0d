import { describe, expect, it } from 'vitest';
import { AppAuthenticator } from '../../src/app/auth/authenticator.js';
import { UserTokenAuthenticator } from '../../src/app/auth/user-token-authenticator.js';
import {
  SessionRevocations,
  type AuthRequest,
  type Principal,
  type SecurityEvents,
} from '../../src/kit/index.js';

const keyPrincipal = { kind: 'apiKey', id: 'key_1' } as unknown as Principal;
const userPrincipal = { kind: 'user', id: 'usr_1' } as unknown as Principal;
const tokens = { authenticate: () => userPrincipal } as unknown as UserTokenAuthenticator;
const request = (headers: Record<string, string>): AuthRequest => ({
  headers,
  ip: '127.0.0.1',
  requestId: 'r',
  routeId: 'GET /x',
  cookie: () => undefined,
});
const apiKey = 'sk_live_' + 'a'.repeat(50);

describe('composite authenticator dispatch', () => {
  it('refuses API keys with 401 until an API-key authenticator is plugged in', () => {
    const auth = new AppAuthenticator(tokens);
    for (const headers of [{ 'x-api-key': apiKey }, { authorization: `Bearer ${apiKey}` }]) {
      expect(() => auth.authenticate(request(headers))).toThrow(
        expect.objectContaining({ code: 'AUTH_INVALID', status: 401 }) as Error,
      );
    }
  });

  it('sends X-API-Key and Bearer sk_live_/sk_test_ to the API-key slot, other Bearer to JWT', () => {
    const auth = new AppAuthenticator(tokens);
    auth.setApiKeyAuthenticator({ authenticate: () => keyPrincipal });
    expect(auth.authenticate(request({ 'x-api-key': apiKey }))).toBe(keyPrincipal);
    expect(auth.authenticate(request({ authorization: `Bearer ${apiKey}` }))).toBe(keyPrincipal);
    expect(auth.authenticate(request({ authorization: `bearer sk_test_${'b'.repeat(50)}` }))).toBe(
      keyPrincipal,
    );
    expect(auth.authenticate(request({ authorization: 'Bearer eyJ.eyJ.sig' }))).toBe(userPrincipal);
    expect(auth.authenticate(request({}))).toBeUndefined();
  });

  it('refuses both credentials at once, and non-Bearer schemes', () => {
    const auth = new AppAuthenticator(tokens);
    auth.setApiKeyAuthenticator({ authenticate: () => keyPrincipal });
    for (const headers of [
      { 'x-api-key': apiKey, authorization: 'Bearer eyJ.eyJ.sig' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: 'Bearer\teyJ.eyJ.sig' },
      { authorization: 'Bearers eyJ.eyJ.sig' },
      { authorization: `Bearer sk_live_${'a'.repeat(20)} b` },
      { authorization: `Bearer sk_live_${'a'.repeat(20)}"` },
    ]) {
      expect(() => auth.authenticate(request(headers)), JSON.stringify(headers)).toThrow(
        expect.objectContaining({ code: 'AUTH_INVALID' }) as Error,
      );
    }
  });
});

describe('bearer token syntax (RFC 6750 b64token), checked before any verification', () => {
  const events: string[] = [];
  let verified = 0;
  const real = new UserTokenAuthenticator({
    verify: () => {
      verified++;
      return { valid: false, reason: 'signature' } as const;
    },
    revocations: new SessionRevocations(
      {
        publish: () => Promise.resolve(),
        subscribe: () => undefined,
        isFresh: () => true,
        close: () => Promise.resolve(),
      },
      60_000,
    ),
    events: {
      record: (type: string) => {
        events.push(type);
        return Promise.resolve();
      },
    } as unknown as SecurityEvents,
    isSessionActive: () => Promise.resolve(true),
  });
  it.each(['a b', ' eyJ.eyJ.sig', 'eyJ.eyJ.sig ', 'eyJ"x', 'eyJ.eyJ.sig=x', 'ey\u0000J', ''])(
    'refuses %j with 401 and never verifies it',
    (credential) => {
      const auth = new AppAuthenticator(real);
      verified = 0;
      expect(() => auth.authenticate(request({ authorization: `Bearer ${credential}` }))).toThrow(
        expect.objectContaining({ code: 'AUTH_INVALID', status: 401 }) as Error,
      );
      expect(verified).toBe(0);
    },
  );
  it('a well-formed credential reaches verification (and its refusal is an event)', () => {
    const auth = new AppAuthenticator(real);
    verified = 0;
    expect(() => auth.authenticate(request({ authorization: 'bearer eyJ.eyJ.sig' }))).toThrow(
      expect.objectContaining({ code: 'AUTH_INVALID' }) as Error,
    );
    expect(verified).toBe(1);
    expect(events).toContain('auth.token.rejected');
  });
});
