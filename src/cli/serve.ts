import { banner, startService } from '../app/main.js';

/** `rampart serve [--dev]`: production unless NODE_ENV says otherwise; `--dev` = development. */
export async function runServe(args: readonly string[]): Promise<number> {
  const env = { ...process.env };
  if (args.includes('--dev')) env.NODE_ENV ??= 'development';
  const service = await startService(env);
  process.stdout.write(`${banner(service)}\n`);
  const stop = (signal: string) => {
    service.context.logger.info({ signal }, 'draining and stopping');
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return -1; // keep running
}
