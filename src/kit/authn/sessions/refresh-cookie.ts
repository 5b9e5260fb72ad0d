/** `__Host-` forces Secure, Path=/ and no Domain, so no sibling host can set or read it. */
export const REFRESH_COOKIE_NAME = '__Host-rampart_refresh';

/** The Set-Cookie value carrying a refresh token. */
export function refreshCookie(token: string, expiresAt: Date, now = new Date()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${REFRESH_COOKIE_NAME}=${token}; Max-Age=${maxAge}; Path=/; HttpOnly; Secure; SameSite=Strict`;
}

/** The Set-Cookie value that deletes the refresh cookie. */
export function clearedRefreshCookie(): string {
  return `${REFRESH_COOKIE_NAME}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict`;
}
