import { commonPasswords } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordContext {
  /** The account's email: a password containing its local part is refused. */
  readonly email?: string;
}

/**
 * NIST SP 800-63B §3.1.1.2 / ASVS 5 V6.2: length 12–128 (counted in code points), no
 * composition rules, refuse known-common passwords (offline list) and context words.
 * Returns the reason (safe to show) or undefined when the password is acceptable.
 *
 * @example
 * const reason = checkPasswordPolicy(body.password, { email: body.email });
 * if (reason) throw new RampartError('VALIDATION_FAILED', { errors: [{ path: 'body.password', message: reason }] });
 */
export function checkPasswordPolicy(
  password: string,
  context: PasswordContext = {},
): string | undefined {
  // NIST counts code points (not UTF-16 units, not grapheme clusters).
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points are intended
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lower = password.normalize('NFKC').toLowerCase();
  const list = commonPasswords();
  // Common words padded with digits or symbols ("password1234!") are as weak as the word.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core)))
    return 'is too common: it appears in a list of breached or frequently used passwords';
  if (new Set(lower).size <= 3) return 'repeats too few different characters';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local !== undefined && local.length >= 3 && lower.includes(local))
    return 'must not contain your email address';
  return undefined;
}
