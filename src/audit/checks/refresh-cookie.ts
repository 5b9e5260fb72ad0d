// COOKIE-1: the refresh cookie set by login must be unreadable by scripts (HttpOnly), HTTPS-only
// (Secure), not sent cross-site (SameSite=Strict) and prefixed so subdomains cannot plant it
// (__Host- / __Secure-, RFC 6265bis §4.1.3).
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { setCookies } from '../http/client.js';

export const refreshCookieCheck: Check = {
  id: 'refresh-cookie',
  title: 'Refresh cookie attributes',
  section: 'Login and session',
  items: ['COOKIE-1'],
  // Sends nothing: it judges the cookie the audit's own login received.
  run(ctx: CheckContext) {
    const login = [ctx.userA, ctx.userB, ctx.userLow].find((p) => p?.login !== undefined)?.login;
    if (!login)
      ctx.skip('needs a --login recipe (the audit reads the cookie its own login receives)');
    const cookies = setCookies(login);
    if (cookies.length === 0) {
      ctx.note('login set no cookie; nothing to judge');
      return Promise.resolve();
    }
    for (const cookie of cookies) {
      const [pair = '', ...rawAttributes] = cookie.split(';').map((part) => part.trim());
      const name = pair.split('=')[0] ?? '';
      const attributes = new Map(
        rawAttributes.map((a) => {
          const [key = '', ...value] = a.split('=');
          return [key.toLowerCase(), value.join('=')] as const;
        }),
      );
      const problems: string[] = [];
      if (!attributes.has('httponly')) problems.push('no HttpOnly');
      if (!attributes.has('secure')) problems.push('no Secure');
      if (attributes.get('samesite')?.toLowerCase() !== 'strict')
        problems.push(`SameSite=${attributes.get('samesite') ?? 'absent'} (want Strict)`);
      if (name.startsWith('__Host-')) {
        if (attributes.get('path') !== '/' || attributes.has('domain'))
          problems.push('__Host- cookie needs Path=/ and no Domain');
      } else if (!name.startsWith('__Secure-')) {
        problems.push('no __Host-/__Secure- prefix');
      }
      if (problems.length > 0) {
        ctx.report('COOKIE-1', {
          detail: `Cookie "${name}" set by login: ${problems.join(', ')}.`,
          evidence: [login],
          location: `Set-Cookie ${name}`,
        });
      }
    }
    return Promise.resolve();
  },
};
