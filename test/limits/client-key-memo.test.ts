import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MemoryRateStore, createRateLimiter, type LimitDecision } from '../../src/kit/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * The limiter remembers the store keys of recent client addresses. Through a trusted
 * proxy the "address" is whatever the forwarding header said, up to the header size
 * limit: those strings must not be remembered, or 10,000 of them would pin ~160 MB.
 */
describe('client-key memo: bounded by what it keeps, not by what clients send', () => {
  it('2,000 distinct 16 KiB "addresses" leave no more than a few MiB behind', () => {
    const limiter = createRateLimiter({
      policy: {
        global: { limit: 1e9 },
        ip: { limit: 1e9 },
        principal: { limit: 1e9 },
        authIp: { limit: 1e9 },
      },
      store: new MemoryRateStore(),
    });
    const filler = 'x'.repeat(16 * 1024);
    const before = heapUsed();
    for (let i = 0; i < 2000; i++) {
      const decision = limiter.check({
        routeClass: 'default',
        routeId: 'GET /v1/x',
        // A fresh string each time (not a slice sharing one buffer).
        ip: `${i}-${filler}`.split('').join(''),
        principal: undefined,
        requestId: 'r',
      }) as LimitDecision;
      expect(decision.error).toBeUndefined();
    }
    const grown = heapUsed() - before;
    // Remembered, the 2,000 strings alone would be ~32 MiB.
    expect(grown).toBeLessThan(4 * 1024 * 1024);
  });
});
