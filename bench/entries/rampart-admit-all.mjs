// Our service with an admit-all limiter in place of the real one, everything else unchanged:
// the baseline of #6's "the in-process limiter adds ≤ 5 %" (goal in bench/lib/goals.mjs).
// Never a deployment mode: the service has no setting that turns its limits off; this file
// composes the pipeline by hand for the measurement only.
// usage: node bench/entries/rampart-admit-all.mjs <path of the built dist/app/main.js>
import { pathToFileURL } from 'node:url';

const mainJs = process.argv[2];
if (!mainJs) {
  console.error('usage: rampart-admit-all.mjs <dist/app/main.js>');
  process.exit(2);
}
const { startService } = await import(pathToFileURL(mainJs).href);
const noHeaders = Object.freeze({});
const admitAll = { check: () => ({ headers: noHeaders }) };
const service = await startService(process.env, {}, { limiter: admitAll });
console.error(`rampart (admit-all limiter) listening on ${service.url}`);
const stop = () =>
  service.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
