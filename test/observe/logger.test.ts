import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskCredential } from '../../src/kit/index.js';
import { captureLogs } from '../helpers/capture-logs.js';

describe('logger: fixed redaction and line safety', () => {
  it('redacts credentials wherever the fixed list names them', () => {
    const logs = captureLogs();
    const secrets = [
      'hunter2-password',
      'Bearer eyJ.secret.sig',
      'sid=cookie-secret',
      ['sk', 'live', randomBytes(12).toString('hex')].join('_'),
    ];
    logs.logger.info(
      { password: secrets[0], headers: { authorization: secrets[1], cookie: secrets[2] } },
      'one',
    );
    logs.logger.info({ req: { headers: { 'x-api-key': secrets[3] } } }, 'two');
    logs.logger.info(
      { body: { token: 'tok-secret', refreshToken: 'refresh-secret', apiKey: 'key-secret' } },
      'three',
    );
    expect(logs.leaked([...secrets, 'tok-secret', 'refresh-secret', 'key-secret'])).toEqual([]);
    expect(logs.text()).toContain('[redacted]');
  });

  it('keeps CR/LF inside a value: one record is one line', () => {
    const logs = captureLogs();
    logs.logger.warn({ userAgent: 'x\r\n{"level":"error","message":"forged"}' }, 'evil\nmessage');
    expect(logs.lines).toHaveLength(1);
    expect((JSON.parse(logs.lines[0] ?? '{}') as { message: string }).message).toBe(
      'evil\nmessage',
    );
  });

  it('serializes errors with type, message, code and stack only', () => {
    const logs = captureLogs();
    const error = Object.assign(new Error('boom'), {
      code: 'E_X',
      config: { password: 'leak-me' },
    });
    logs.logger.error({ err: error }, 'failed');
    const line = JSON.parse(logs.lines[0] ?? '{}') as { err: Record<string, unknown> };
    expect(Object.keys(line.err).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(logs.text()).not.toContain('leak-me');
  });

  it('masks credentials for display', () => {
    const key = ['sk', 'live', 'abcdefghijklmnopqrstuvwxyz'].join('_');
    expect(maskCredential(key)).toBe('sk_live_ab…wxyz');
    expect(maskCredential('short')).toBe('…');
  });
});
