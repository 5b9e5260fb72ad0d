import type { Server } from 'node:http';
import { createPlainHttpListener, loadConfig, type RawEnv } from '../kit/index.js';
import { createAppContext, type AppContext, type ContextOptions } from './context.js';
import { buildApp, type BuildOptions } from './http/build-app.js';

export interface RunningService {
  readonly context: AppContext;
  readonly app: ReturnType<typeof buildApp>;
  readonly plain: Server | undefined;
  /** The HTTPS (or proxy-mode HTTP) address actually bound. */
  readonly url: string;
  /** Drains in-flight requests, then closes listeners and pools. */
  stop(): Promise<void>;
}

/**
 * Loads config, migrates, builds and listens. The process entry and tests share it.
 *
 * `build` replaces parts of the pipeline: the benchmark measures the limiter's share by
 * running one instance with an admit-all limiter. It is a programmatic way around
 * controls (authentication, limits); `rampart serve` never passes it, and no setting
 * reaches it.
 */
export async function startService(
  env: RawEnv = process.env,
  options: ContextOptions = {},
  build: BuildOptions = {},
): Promise<RunningService> {
  const loaded = await loadConfig(env);
  const context = await createAppContext(loaded, options);
  const app = buildApp(context, build);
  const { config } = loaded;
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  let plain: Server | undefined;
  if (config.httpPort !== 0 && config.tls === 'self') {
    plain = createPlainHttpListener(config.publicUrl, context.logger);
    await new Promise<void>((resolve, reject) => {
      plain?.once('error', reject);
      plain?.listen(config.httpPort, config.host, () => resolve());
    });
  }
  const scheme = config.tls === 'self' ? 'https' : 'http';
  const url = `${scheme}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    context,
    app,
    plain,
    url,
    stop() {
      stopping ??= (async () => {
        if (plain !== undefined) await new Promise<void>((resolve) => plain.close(() => resolve()));
        await app.close(); // waits for in-flight requests, refuses new ones with 503
        await context.close();
        // Wait for buffered log lines to be written before the caller exits (an exit right
        // after an asynchronous flush could cut a write short); a stalled stdout gets 2 s.
        await new Promise<void>((resolve) => {
          setTimeout(resolve, 2000).unref();
          context.logger.flush(() => resolve());
        });
      })();
      return stopping;
    },
  };
}

/** What `npm start` prints: where the service is and how to reach it with curl. */
export function banner(service: RunningService): string {
  const { config } = service.context.loaded;
  const dev = service.context.loaded.devCertificate;
  const lines = [`Rampart reference API (${config.mode}) listening on ${service.url}`];
  if (dev !== undefined) {
    lines.push(`  dev certificate: ${dev.certFile}`);
    lines.push(`  SHA-256 fingerprint: ${dev.fingerprint256}`);
    lines.push(`  try: curl --cacert ${dev.certFile} ${service.url}/healthz`);
  }
  if (service.plain !== undefined)
    lines.push(
      `  plain HTTP on port ${config.httpPort}: redirects pages, refuses the API with 403`,
    );
  lines.push(`  docs: ${service.url}/docs   OpenAPI: ${service.url}/openapi.json`);
  return lines.join('\n');
}
