/**
 * Masks a credential for display and logs: enough to recognise it, never enough to use
 * it. `sk_live_abcd…wxyz` keeps the type prefix, two characters and the last four.
 */
export function maskCredential(value: string): string {
  const prefix = /^(sk_(?:live|test)_)/.exec(value)?.[1] ?? '';
  const body = value.slice(prefix.length);
  if (body.length < 12) return `${prefix}…`;
  return `${prefix}${body.slice(0, 2)}…${body.slice(-4)}`;
}
