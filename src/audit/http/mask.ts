// Secret masking for evidence and dry-run listings. The list of known secrets is fixed when the
// audit starts (credentials, tokens it obtained); patterns catch token-shaped strings it did not
// know about, so a report can be shared without leaking a working credential.

export class SecretMasker {
  private readonly secrets = new Map<string, string>();

  /** Remember a secret; its occurrences will read `«label»`. Short values are ignored to avoid mangling text. */
  add(value: string | undefined, label: string): void {
    // First label wins: a value known under one name keeps it (dry-run placeholders repeat).
    if (value === undefined || value.length < 6 || this.secrets.has(value)) return;
    this.secrets.set(value, label);
  }

  mask(text: string): string {
    let out = text;
    // Longest first, so a token containing another secret is masked as a whole.
    const known = [...this.secrets.entries()].sort((x, y) => y[0].length - x[0].length);
    for (const [value, label] of known) out = out.split(value).join(`«${label}»`);
    return maskPatterns(out);
  }
}

/** Keep enough of a JWT to see which variant was sent (header and start of payload), drop the rest. */
export function maskPatterns(text: string): string {
  return (
    text
      // Two or three segments: a stripped token still carries the real payload.
      .replace(/eyJ[\w-]{4,}\.[\w-]+(?:\.[\w-]*)?/g, (jwt) => {
        const [header = '', payload = '', signature = ''] = jwt.split('.');
        return `${header}.${payload.slice(0, 8)}…${signature === '' ? '' : '.«sig»'}`;
      })
      .replace(
        /\bsk_(live|test)_([A-Za-z0-9_-]{2})[A-Za-z0-9_-]+([A-Za-z0-9]{4})\b/g,
        'sk_$1_$2…$3',
      )
      .replace(
        /("(?:password|passwd|secret|token|refreshToken|accessToken)"\s*:\s*")[^"]{4,}"/gi,
        '$1«masked»"',
      )
  );
}

/** Cookie values are credentials; keep the name and attributes, which are what the checks judge. */
export function maskSetCookie(cookie: string): string {
  return cookie.replace(
    /^([^=;]+)=([^;]*)/,
    (_m, name: string, value: string) => `${name}=${value === '' ? '' : '«masked»'}`,
  );
}
