import type { RateLimitClass } from '../http/route.js';

/** The levels of the request limiter. `auth-ip` applies to route class `auth` only. */
export type RateLevelName = 'global' | 'ip' | 'principal' | 'auth-ip';

export const RATE_LEVEL_NAMES: readonly RateLevelName[] = ['global', 'ip', 'principal', 'auth-ip'];

export interface LevelLimit {
  /** Requests admitted per period (also the burst: a fresh client may send them at once). */
  readonly limit: number;
  /** Period in milliseconds; default one minute. */
  readonly periodMs?: number;
}

/**
 * Which limits apply: every request is checked against `global`, `ip` and, when
 * authenticated, `principal`; route class `auth` adds `auth-ip`. Levels listed in `shadow`
 * are report-only (headers and events, never a 429).
 */
export interface RatePolicy {
  readonly global: LevelLimit;
  readonly ip: LevelLimit;
  readonly principal: LevelLimit;
  readonly authIp: LevelLimit;
  readonly shadow?: readonly RateLevelName[];
}

/** A level with everything precomputed once at startup. */
export interface CompiledLevel {
  readonly name: RateLevelName;
  readonly prefix: string;
  readonly limit: number;
  readonly periodMs: number;
  readonly intervalMs: number;
  readonly shadow: boolean;
  readonly limitHeader: string;
  /** This level as an item of RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers). */
  readonly policyItem: string;
}

export function compileLevel(
  name: RateLevelName,
  prefix: string,
  limit: LevelLimit,
  shadow: readonly RateLevelName[],
): CompiledLevel {
  const periodMs = limit.periodMs ?? 60_000;
  if (!Number.isInteger(limit.limit) || limit.limit < 1)
    throw new Error(`rate limit "${name}": limit must be a positive integer`);
  if (!Number.isInteger(periodMs) || periodMs < 1000 || periodMs % 1000 !== 0)
    throw new Error(`rate limit "${name}": periodMs must be a whole number of seconds`);
  return Object.freeze({
    name,
    prefix,
    limit: limit.limit,
    periodMs,
    intervalMs: periodMs / limit.limit,
    shadow: shadow.includes(name),
    limitHeader: String(limit.limit),
    policyItem: `"${name}";q=${limit.limit};w=${periodMs / 1000}`,
  });
}

/** The level lists per (route class, authenticated?), computed once. */
export interface CompiledPolicy {
  readonly levels: Readonly<Record<RateLevelName, CompiledLevel>>;
  levelsFor(routeClass: RateLimitClass, authenticated: boolean): readonly CompiledLevel[];
  policyHeader(routeClass: RateLimitClass, authenticated: boolean): string;
}

export function compilePolicy(policy: RatePolicy): CompiledPolicy {
  const shadow = policy.shadow ?? [];
  for (const name of shadow) {
    if (!RATE_LEVEL_NAMES.includes(name))
      throw new Error(`rate limit shadow: unknown level "${name}"`);
  }
  const levels = {
    global: compileLevel('global', 'rl:g', policy.global, shadow),
    ip: compileLevel('ip', 'rl:i:', policy.ip, shadow),
    principal: compileLevel('principal', 'rl:p:', policy.principal, shadow),
    'auth-ip': compileLevel('auth-ip', 'rl:a:', policy.authIp, shadow),
  };
  // Indexed by class and authentication so the hot path does no string work.
  const lists = (routeClass: RateLimitClass) =>
    [false, true].map((authenticated) => {
      const list = [levels.global, levels.ip];
      if (routeClass === 'auth') list.push(levels['auth-ip']);
      if (authenticated) list.push(levels.principal);
      return Object.freeze(list);
    });
  const table = { default: lists('default'), auth: lists('auth'), exempt: lists('exempt') };
  const headers = {
    default: table.default.map((l) => l.map((x) => x.policyItem).join(', ')),
    auth: table.auth.map((l) => l.map((x) => x.policyItem).join(', ')),
    exempt: table.exempt.map((l) => l.map((x) => x.policyItem).join(', ')),
  };
  return {
    levels,
    levelsFor: (routeClass, authenticated) => table[routeClass][authenticated ? 1 : 0] ?? [],
    policyHeader: (routeClass, authenticated) => headers[routeClass][authenticated ? 1 : 0] ?? '',
  };
}
