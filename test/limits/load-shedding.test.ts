import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createKitServer } from '../helpers/kit-server.js';

function blockEventLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Busy wait: simulates a CPU-bound overload.
  }
}

describe('load shedding', () => {
  it('answers 503 problem+json with Retry-After while the event loop lags; liveness still answers', async () => {
    const { app } = await createKitServer(
      [],
      {},
      {
        loadShedding: { maxEventLoopDelayMs: 50, sampleIntervalMs: 50, retryAfterSeconds: 7 },
      },
    );
    try {
      expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
      blockEventLoop(400);
      await sleep(5); // the overdue sampler runs first and sees the lag
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.headers['x-request-id']).toBeTypeOf('string');
      expect(res.json()).toEqual({
        type: 'https://rampart.dev/problems/unavailable',
        title: 'The service is temporarily unavailable.',
        status: 503,
        requestId: res.headers['x-request-id'],
      });
      const live = await app.inject({ method: 'GET', url: '/healthz' });
      expect(live.statusCode).toBe(200);
      // A query string does not turn the liveness probe into a shed request, and the
      // exemption is by path, not by prefix.
      expect((await app.inject({ method: 'GET', url: '/healthz?' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      // Shed with our problem body, even though /readyz declares its own 503 schema.
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(ready.json()).toMatchObject({ status: 503, requestId: ready.headers['x-request-id'] });
      expect(ready.body).not.toMatch(/FST_|fastify|serializ/i);
      // Once the loop is idle again the instance serves.
      let status = 503;
      for (let i = 0; i < 40 && status === 503; i++) {
        await sleep(50);
        status = (await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode;
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
