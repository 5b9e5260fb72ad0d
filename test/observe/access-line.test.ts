import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createAccessLog, hundredths, isoTimestamps } from '../../src/kit/http/access-log.js';
import { captureLogs } from '../helpers/capture-logs.js';

/**
 * The access line is built by hand (kit/http/access-log.ts) with a fast path that skips
 * JSON escaping for plain printable ASCII. Whatever a client sends, every line must stay
 * one JSON object on one line that reads back exactly what was sent.
 */
describe('access line: hand-built JSON', () => {
  const hostile = [
    'plain/1.0 (X11; Linux x86_64)',
    'quote " inside',
    'back\\slash',
    'crlf\r\n{"level":"info","forged":true}',
    'nul\u0000 and bell\u0007 and del\u007f',
    'non-ascii é 漢字 🙂',
    'lone surrogate \ud800 end',
    '</script><script>alert(1)</script>',
    '',
  ];

  it.each(hostile)('round-trips user agent %j', (userAgent) => {
    const logs = captureLogs();
    const write = createAccessLog(logs.logger);
    write({
      requestId: 'a46d226a-e8ff-49a7-bb3c-22c3c74544d5',
      method: 'GET',
      url: '/v1/things/a%22b\\c?q=secret-ish',
      statusCode: 200,
      ip: '203.0.113.7',
      userAgent,
      userId: 'usr_1',
      durationMs: 1.23456,
    });
    write.flush();
    expect(logs.lines).toHaveLength(1);
    const line = JSON.parse(logs.lines[0] ?? '') as Record<string, unknown>;
    expect(line.userAgent).toBe(userAgent);
    expect(line.path).toBe('/v1/things/a%22b\\c');
    expect(line.durationMs).toBe(1.23);
    expect(logs.text()).not.toContain('secret-ish');
  });

  it('escapes a lone surrogate instead of writing invalid UTF-8', () => {
    const logs = captureLogs();
    const write = createAccessLog(logs.logger);
    write({
      requestId: 'r',
      method: 'GET',
      url: '/',
      statusCode: 404,
      ip: '::1',
      userAgent: 'x\ud800y',
      userId: undefined,
      durationMs: 0,
    });
    write.flush();
    expect(logs.lines[0]).toContain('x\\ud800y');
  });
});

describe('access line: timestamps', () => {
  it('formats every millisecond exactly as toISOString, across second and day boundaries', () => {
    let now = Date.UTC(2026, 11, 31, 23, 59, 58, 990);
    const timestamp = isoTimestamps(() => now);
    const end = now + 2100;
    for (; now < end; now += 1) expect(timestamp()).toBe(new Date(now).toISOString());
    // Time may step backwards (NTP): still the right string.
    now -= 5000;
    expect(timestamp()).toBe(new Date(now).toISOString());
  });
});

describe('access line: durations', () => {
  it('writes every duration as the same number as Math.round(x * 100) / 100', () => {
    for (let i = 0; i < 200_000; i++) {
      const ms = i < 100_000 ? i / 997 : Math.random() * 10 ** (i % 7);
      expect(JSON.parse(hundredths(ms))).toBe(Math.round(ms * 100) / 100);
    }
    expect(hundredths(0)).toBe('0.00');
    expect(hundredths(12.049)).toBe('12.05');
    // Never anything that is not a JSON number.
    expect(hundredths(Number.NaN)).toBe('0');
    expect(hundredths(-1)).toBe('0');
    expect(hundredths(Number.POSITIVE_INFINITY)).toBe('0');
  });
});

describe('access line: a failing destination', () => {
  it('never throws into the request being answered', () => {
    // A sonic-boom-like stream (batched path) that was destroyed during shutdown.
    const stream = {
      write: () => {
        throw new Error('SonicBoom destroyed');
      },
      flushSync: () => undefined,
    };
    const logger = pino({ level: 'info' }, stream as unknown as pino.DestinationStream);
    const write = createAccessLog(logger);
    const line = {
      requestId: 'r',
      method: 'GET',
      url: `/${'a'.repeat(1000)}`,
      statusCode: 200,
      ip: '::1',
      userAgent: undefined,
      userId: undefined,
      durationMs: 1,
    };
    // Enough lines to cross the 16 KiB batch size: the hand-over happens inside the call.
    expect(() => {
      for (let i = 0; i < 40; i++) write(line);
      write.flush();
    }).not.toThrow();
  });
});
