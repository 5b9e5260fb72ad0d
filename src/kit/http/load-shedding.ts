import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { RampartError } from '../errors/rampart-error.js';

/** Load shedding: refuse new work while the event loop lags, before it queues up. */
export interface LoadSheddingOptions {
  /** Mean event-loop delay (ms) above which requests get 503; 0 turns shedding off. */
  readonly maxEventLoopDelayMs: number;
  /** Retry-After of the 503, seconds; default 5. */
  readonly retryAfterSeconds?: number;
  /** How often the delay is sampled, ms; default 1000 (tests use less). */
  readonly sampleIntervalMs?: number;
}

/**
 * Registers @fastify/under-pressure as the event-loop-delay sampler and returns the check
 * the server's own onRequest hook runs (it then answers our problem+json 503 with
 * Retry-After). The plugin's own onRequest hook is left out on purpose: it reads
 * `request.routeOptions`, a getter that builds a fresh object on every request (~1 % of
 * the public route's cost), to find a per-route handler we do not use.
 */
export function registerLoadShedding(
  app: FastifyInstance,
  options: LoadSheddingOptions,
): LoadShedder | undefined {
  if (options.maxEventLoopDelayMs <= 0) return undefined;
  const max = options.maxEventLoopDelayMs;
  void app.register(underPressure, { sampleInterval: options.sampleIntervalMs ?? 1000 });
  const error = (): RampartError =>
    new RampartError('UNAVAILABLE', {
      headers: { 'retry-after': String(options.retryAfterSeconds ?? 5) },
      internal: 'load shedding: event loop delay above the limit',
    });
  return {
    check(url) {
      if (app.memoryUsage().eventLoopDelay <= max) return undefined;
      // The liveness probe stays answered: an orchestrator must not kill a busy instance
      // for being busy.
      const q = url.indexOf('?');
      return (q === -1 ? url : url.slice(0, q)) === '/healthz' ? undefined : error();
    },
  };
}

/** Decides, per request, whether the instance sheds it. */
export interface LoadShedder {
  /** The error to answer with while the event loop lags, else undefined (`url` as received). */
  check(url: string): RampartError | undefined;
}
