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
  const nextTat = gcraNextTat(tat, now, intervalMs);
  return { ok: gcraAdmits(nextTat, now, periodMs), nextTat };
}

/** The TAT after admitting one more request (the hot path's allocation-free half of a step). */
export function gcraNextTat(tat: number | undefined, now: number, intervalMs: number): number {
  return (tat === undefined || tat < now ? now : tat) + intervalMs;
}

/** Whether a level whose TAT would become `nextTat` admits the request. */
export function gcraAdmits(nextTat: number, now: number, periodMs: number): boolean {
  return nextTat - now <= periodMs + GCRA_EPSILON_MS;
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
