// Hash time and login throughput of argon2id with the production (OWASP) parameters.
// Usage: node bench/micro/argon2.mjs [seconds]
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };
const seconds = Number(process.argv[2] ?? 3);
const stored = await hash('correct horse battery staple', OPTIONS);

// One at a time: the latency a single login pays.
const single = [];
for (let i = 0; i < 20; i++) {
  const start = process.hrtime.bigint();
  await verify(stored, 'correct horse battery staple');
  single.push(Number(process.hrtime.bigint() - start) / 1e6);
}
single.sort((a, b) => a - b);

// Many in flight: the libuv pool (UV_THREADPOOL_SIZE, default 4) runs them in parallel.
let done = 0;
const deadline = Date.now() + seconds * 1000;
async function worker() {
  while (Date.now() < deadline) {
    await verify(stored, 'wrong password');
    done++;
  }
}
await Promise.all(Array.from({ length: 8 }, worker));

console.log(
  JSON.stringify(
    {
      parameters: { m: OPTIONS.memoryCost, t: OPTIONS.timeCost, p: OPTIONS.parallelism },
      cores: availableParallelism(),
      verifyMedianMs: Number(single[10].toFixed(2)),
      verifyMinMs: Number(single[0].toFixed(2)),
      verificationsPerSecond: Math.round(done / seconds),
    },
    null,
    2,
  ),
);
