import { describe, expect, it } from 'vitest';
import {
  MemoryBruteForceStore,
  RampartError,
  createBruteForceGuard,
  progressiveDelayMs,
  type BruteForceStore,
  type CredentialAttempt,
  type LockScope,
  type Lockout,
} from '../../src/kit/index.js';
import { fakeClock } from './fake-clock.js';

function setup(overrides: { store?: BruteForceStore } = {}) {
  const clock = fakeClock();
  const delays: number[] = [];
  const lockouts: (Lockout & { ip: string })[] = [];
  const releases: { scope: LockScope; ip: string }[] = [];
  const guard = createBruteForceGuard({
    failuresPerPair: 5,
    store: overrides.store ?? new MemoryBruteForceStore({ clock: clock.now }),
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    onLockout: (attempt, lockout) => lockouts.push({ ...lockout, ip: attempt.ip }),
    onRelease: (attempt, scope) => releases.push({ scope, ip: attempt.ip }),
  });
  return { clock, guard, delays, lockouts, releases };
}

const attempt = (account: string, ip: string): CredentialAttempt => ({
  account,
  ip,
  requestId: 'req',
});

/** One login attempt that fails: true when the guard admitted it. */
async function failOnce(
  guard: ReturnType<typeof setup>['guard'],
  a: CredentialAttempt,
): Promise<boolean> {
  try {
    await guard.before(a);
  } catch (error) {
    if (error instanceof RampartError && error.code === 'RATE_LIMITED') return false;
    throw error;
  }
  await guard.failed(a);
  return true;
}

describe('brute-force guard: account + IP', () => {
  it('admits 5 failures a minute per account+IP, then 429 with Retry-After; later released', async () => {
    const { guard, clock, lockouts, releases } = setup();
    const a = attempt('victim@example.com', '203.0.113.7');
    for (let i = 0; i < 5; i++) expect(await failOnce(guard, a)).toBe(true);
    const refused = await guard.before(a).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RampartError);
    expect((refused as RampartError).code).toBe('RATE_LIMITED');
    expect((refused as RampartError).headers?.['retry-after']).toBe('60');
    expect(lockouts).toEqual([{ scope: 'account_ip', seconds: 60, ip: '203.0.113.7' }]);
    clock.advance(60_001);
    await guard.before(a);
    expect(releases).toEqual([{ scope: 'account_ip', ip: '203.0.113.7' }]);
  });

  it('never admits more than 5 failures in any 60-second window (sliding, not fixed)', async () => {
    const { guard, clock } = setup();
    const a = attempt('victim@example.com', '203.0.113.7');
    const admittedAt: number[] = [];
    for (let i = 0; i < 600; i++) {
      if (await failOnce(guard, a)) admittedAt.push(clock.now());
      clock.advance(1000);
    }
    for (const start of admittedAt) {
      const inWindow = admittedAt.filter((t) => t >= start && t < start + 60_000);
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
    expect(admittedAt.length).toBe(50); // 5 a minute for 10 minutes
  });

  it('does not let case or spacing of the account buy a fresh budget', async () => {
    const { guard } = setup();
    for (const account of ['Victim@example.com', ' victim@EXAMPLE.com', 'victim@example.com ']) {
      await failOnce(guard, attempt(account, '203.0.113.7'));
    }
    await failOnce(guard, attempt('VICTIM@example.com', '203.0.113.7'));
    await failOnce(guard, attempt('victim@example.com', '203.0.113.7'));
    expect(await failOnce(guard, attempt('victim@Example.com', '203.0.113.7'))).toBe(false);
  });

  it('resets the pair on success', async () => {
    const { guard } = setup();
    const a = attempt('user@example.com', '203.0.113.7');
    for (let i = 0; i < 4; i++) await failOnce(guard, a);
    await guard.before(a);
    await guard.succeeded(a);
    for (let i = 0; i < 5; i++) expect(await failOnce(guard, a)).toBe(true);
  });

  it('applies an exponential delay after consecutive failures', async () => {
    const { guard, delays } = setup();
    const a = attempt('user@example.com', '203.0.113.7');
    for (let i = 0; i < 5; i++) await failOnce(guard, a);
    // No delay for the first two attempts, then 250, 500, 1000 ms.
    expect(delays).toEqual([250, 500, 1000]);
    expect(progressiveDelayMs(10)).toBe(5000);
    expect(progressiveDelayMs(0)).toBe(0);
  });

  it('charges the attempt before the check, so parallel attempts cannot overrun the budget', async () => {
    const { guard } = setup();
    const a = attempt('user@example.com', '203.0.113.7');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => guard.before(a)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });
});

describe('brute-force guard: attack runs', () => {
  it('credential stuffing (many accounts, one IP) is held to the per-IP failure budget', async () => {
    const { guard, clock, lockouts } = setup();
    let admitted = 0;
    // 10 attempts a second for 10 minutes, each on a different account.
    for (let i = 0; i < 6000; i++) {
      if (await failOnce(guard, attempt(`user${i}@example.com`, '198.51.100.66'))) admitted++;
      clock.advance(100);
    }
    // Budget: 30 at once, then 30 a minute: 30 + 10 x 30 = 330.
    console.log(`[report] credential stuffing: ${admitted} of 6000 attempts admitted (budget 330)`);
    expect(admitted).toBeLessThanOrEqual(331);
    expect(admitted).toBeGreaterThanOrEqual(320);
    // One sustained lockout of the IP, reported once (not once per trickled attempt).
    expect(lockouts.filter((l) => l.scope === 'ip')).toHaveLength(1);
  });

  it('a distributed run (one account, many IPs) is held to the account tier, and the owner keeps access', async () => {
    const { guard, clock, lockouts } = setup();
    const owner = attempt('victim@example.com', '192.0.2.10');
    await guard.before(owner);
    await guard.succeeded(owner); // the owner's usual address is now known-good
    let admitted = 0;
    // 10,000 attacker IPs, one attempt each, 20 a second for ~8 minutes.
    for (let i = 0; i < 10_000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      if (await failOnce(guard, attempt('victim@example.com', ip))) admitted++;
      clock.advance(50);
    }
    // Budget: 100 at once, then 100 an hour: 100 + 500 s x 100/3600 s ~ 113.
    console.log(
      `[report] distributed guessing: ${admitted} of 10000 attempts admitted (budget ~114)`,
    );
    expect(admitted).toBeLessThanOrEqual(115);
    expect(lockouts.filter((l) => l.scope === 'account')).toHaveLength(1);
    // Not a victim lockout: the owner's known-good address is exempt from the account tier.
    await expect(guard.before(owner)).resolves.toBeUndefined();
    // A new address of the owner is caught by the account tier (the slower, separate tier).
    await expect(guard.before(attempt('victim@example.com', '192.0.2.99'))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});

describe('brute-force guard: store outage', () => {
  it('fails closed with 503 UNAVAILABLE and Retry-After', async () => {
    const down: BruteForceStore = {
      kind: 'redis',
      available: () => false,
      reserve: () => Promise.reject(new Error('down')),
      lockouts: () => Promise.reject(new Error('down')),
      reset: () => Promise.reject(new Error('down')),
    };
    const { guard } = setup({ store: down });
    const error = await guard
      .before(attempt('a@example.com', '192.0.2.1'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).code).toBe('UNAVAILABLE');
    expect((error as RampartError).headers).toEqual({ 'retry-after': '5' });
  });

  it('refuses invalid limits at construction', () => {
    expect(() => createBruteForceGuard({ failuresPerPair: 0 })).toThrow(/failuresPerPair/);
  });
});
