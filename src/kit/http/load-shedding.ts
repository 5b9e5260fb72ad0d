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
 * Registers @fastify/under-pressure so that an overloaded instance answers our own
 * problem+json 503 (UNAVAILABLE, Retry-After) instead of the plugin's body. The liveness
 * probe stays answered: an orchestrator must not kill a busy instance for being busy.
 */
export function registerLoadShedding(app: FastifyInstance, options: LoadSheddingOptions): void {
  if (options.maxEventLoopDelayMs <= 0) return;
  const headers = { 'retry-after': String(options.retryAfterSeconds ?? 5) };
  void app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: options.sampleIntervalMs ?? 1000,
    pressureHandler: (request) => {
      if (request.routeOptions.url === '/healthz') return undefined;
      return Promise.reject(
        new RampartError('UNAVAILABLE', {
          headers,
          internal: 'load shedding: event loop delay above the limit',
        }),
      );
    },
  });
}
