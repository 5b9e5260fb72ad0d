// Runs one autocannon measurement in its own process (so the load generator never shares the
// harness's event loop) and prints one `BENCHJSON {...}` line.
import autocannon from 'autocannon';

const cfg = JSON.parse(process.argv[2]);
const paths = cfg.paths;
let i = 0;
const opts = {
  url: `${cfg.url}${paths[0]}`,
  connections: cfg.connections,
  duration: cfg.duration,
  pipelining: 1,
  headers: cfg.headers,
};
if (paths.length > 1) {
  opts.requests = [
    {
      setupRequest(req) {
        req.path = paths[i++ % paths.length];
        return req;
      },
    },
  ];
}
const r = await autocannon(opts);
const requests = r.requests.total;
const durationS = r.duration;
process.stdout.write(
  `BENCHJSON ${JSON.stringify({
    requests,
    durationS,
    rps: requests / durationS,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  })}\n`,
);
