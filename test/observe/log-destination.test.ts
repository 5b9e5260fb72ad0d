import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger, logDestination } from '../../src/kit/index.js';

describe('default log destination', () => {
  it('writes a lone line within about a second, without more traffic and without a flush', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rampart-dest-')), 'out.log');
    const destination = logDestination(file);
    await new Promise((resolve) => destination.once('ready', resolve));
    const logger = createLogger({ destination });
    logger.warn({ event: 'lone' }, 'a quiet instance still reports');
    // Batched: nothing is written at once (writes of at least 16 KiB under load) ...
    expect(readFileSync(file, 'utf8')).toBe('');
    // ... but the periodic flush bounds how long a line can wait.
    await sleep(1500);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'warn', event: 'lone' });
    destination.end();
  });
});
