import type { Redis } from 'ioredis';
import type {
  BruteForceStore,
  GuardKeys,
  GuardParams,
  LockScope,
  Lockout,
  ReserveResult,
} from './brute-force-store.js';
import {
  GUARD_LOCKOUTS_SCRIPT,
  GUARD_RESERVE_SCRIPT,
  GUARD_RESET_SCRIPT,
} from './redis-guard-scripts.js';

type Script = (numberOfKeys: number, ...args: (string | number)[]) => Promise<number[] | number>;

interface GuardCommands {
  rampartGuardReserve: Script;
  rampartGuardLockouts: Script;
  rampartGuardReset: Script;
}

const SCOPES: readonly LockScope[] = ['account_ip', 'ip', 'account'];

/** Brute-force state shared by every instance through Redis, one script per operation. */
export class RedisBruteForceStore implements BruteForceStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #commands: GuardCommands;

  constructor(redis: Redis) {
    this.#redis = redis;
    redis.defineCommand('rampartGuardReserve', { lua: GUARD_RESERVE_SCRIPT });
    redis.defineCommand('rampartGuardLockouts', { lua: GUARD_LOCKOUTS_SCRIPT });
    redis.defineCommand('rampartGuardReset', { lua: GUARD_RESET_SCRIPT });
    // defineCommand adds the methods at run time; this typed view names them.
    this.#commands = redis as unknown as GuardCommands;
  }

  available(): boolean {
    return this.#redis.status === 'ready';
  }

  async reserve(keys: GuardKeys, params: GuardParams): Promise<ReserveResult> {
    const reply = toList(await this.#commands.rampartGuardReserve(7, ...args(keys, params)));
    const released = SCOPES.filter((_, i) => reply[4 + i] === 1);
    return {
      admitted: reply[0] === 1,
      retryMs: (reply[1] ?? 0) / 1000,
      pairFailures: reply[2] ?? 0,
      ipFailures: Math.ceil((reply[3] ?? 0) / 1000 / params.ipIntervalMs - 1e-9),
      released,
    };
  }

  async lockouts(keys: GuardKeys, params: GuardParams): Promise<Lockout[]> {
    const reply = toList(await this.#commands.rampartGuardLockouts(7, ...args(keys, params)));
    const out: Lockout[] = [];
    SCOPES.forEach((scope, i) => {
      const seconds = reply[i] ?? 0;
      if (seconds > 0) out.push({ scope, seconds });
    });
    return out;
  }

  async reset(keys: GuardKeys, params: GuardParams): Promise<LockScope[]> {
    const reply = await this.#commands.rampartGuardReset(7, ...args(keys, params));
    return reply === 1 ? ['account_ip'] : [];
  }
}

function args(keys: GuardKeys, p: GuardParams): (string | number)[] {
  const us = (ms: number) => Math.round(ms * 1000);
  return [
    keys.pair,
    keys.ip,
    keys.account,
    keys.known,
    keys.markPair,
    keys.markIp,
    keys.markAccount,
    us(p.windowMs),
    p.pairMax,
    us(p.ipIntervalMs),
    us(p.ipPeriodMs),
    us(p.accountIntervalMs),
    us(p.accountPeriodMs),
    us(p.knownGoodMs),
    us(p.markerTtlMs),
  ];
}

function toList(reply: number[] | number): number[] {
  return Array.isArray(reply) ? reply : [reply];
}
