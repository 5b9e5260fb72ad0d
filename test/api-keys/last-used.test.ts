import { describe, expect, it, vi } from 'vitest';
import { LastUsedRecorder } from '../../src/kit/index.js';

describe('lastUsedAt batching', () => {
  it('writes each key at most once a minute, in batches', async () => {
    let now = 0;
    const batches: Map<string, number>[] = [];
    const recorder = new LastUsedRecorder({
      write: (batch) => {
        batches.push(new Map(batch));
        return Promise.resolve();
      },
      now: () => now,
      flushEveryMs: 1_000_000, // flushed by hand here
    });
    for (let i = 0; i < 1000; i++) recorder.touch('key_a');
    recorder.touch('key_b');
    await recorder.flush();
    expect(batches).toEqual([
      new Map([
        ['key_a', 0],
        ['key_b', 0],
      ]),
    ]);
    now = 59_999;
    for (let i = 0; i < 1000; i++) recorder.touch('key_a');
    await recorder.flush();
    expect(batches).toHaveLength(1); // still inside the minute: nothing to write
    now = 60_000;
    recorder.touch('key_a');
    await recorder.close();
    expect(batches).toEqual([
      new Map([
        ['key_a', 0],
        ['key_b', 0],
      ]),
      new Map([['key_a', 60_000]]),
    ]);
  });

  it('flushes early when too many keys are pending, and reports write failures', async () => {
    const onError = vi.fn();
    const write = vi.fn(() => Promise.reject(new Error('db down')));
    const recorder = new LastUsedRecorder({ write, onError, maxPending: 3 });
    recorder.touch('key_1');
    recorder.touch('key_2');
    expect(write).not.toHaveBeenCalled();
    recorder.touch('key_3');
    await recorder.close();
    expect(write).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
