/**
 * GCRA (generic cell rate algorithm), the smooth form of a token bucket: one number per
 * key, the theoretical arrival time (TAT). A level admits `limit` requests at once and then
 * one request every `periodMs / limit`; unlike a fixed window it never admits 2x the limit
 * around a window boundary. Shared by the in-process store and the Redis Lua script
 * (redis-scripts.ts implements the same arithmetic).
 */

/** Float tolerance: TATs are fractional milliseconds. */
export const GCRA_EPSILON_MS = 1e-6;

export interface GcraStep {
  /** True when this level alone would admit the request. */
  readonly ok: boolean;
  /** The TAT to store if the request is admitted. */
  readonly nextTat: number;
}

/** One GCRA step: `tat` is the stored TAT (or undefined), `now` in ms. */
export function gcraStep(
  tat: number | undefined,
  now: number,
  intervalMs: number,
  periodMs: number,
): GcraStep {
  const base = tat === undefined || tat < now ? now : tat;
  const nextTat = base + intervalMs;
  return { ok: nextTat - now <= periodMs + GCRA_EPSILON_MS, nextTat };
}

/** Requests still admissible at once when the level's TAT is `tat`. */
export function gcraRemaining(
  tat: number | undefined,
  now: number,
  intervalMs: number,
  periodMs: number,
): number {
  const used = tat === undefined || tat < now ? 0 : tat - now;
  return Math.max(0, Math.floor((periodMs - used) / intervalMs + GCRA_EPSILON_MS));
}
