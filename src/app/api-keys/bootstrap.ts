import { createLogger, loadConfig, type RawEnv } from '../../kit/index.js';
import { createAppContext } from '../context.js';
import { API_KEY_SCOPES } from '../domain/roles.js';
import { MAX_EXPIRES_IN_DAYS } from './service.js';

export const KEYS_CREATE_USAGE = `usage: rampart keys create --org org_… --scopes a,b [--creator usr_…] [--name NAME] [--expires-in-days N]
  Prints a new API key once, on stdout, for the first machine client of a deployment.
  Scopes: ${API_KEY_SCOPES.join(', ')}. The creator (default: the organization's oldest
  active owner) must be an active user of the organization; the key never exceeds their rights.`;

interface Output {
  write(text: string): unknown;
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

/**
 * `rampart keys create`: bootstrap a key without the HTTP API (a fresh deployment has no
 * key yet). The key goes to stdout alone on one line; everything else to stderr, so
 * `KEY=$(rampart keys create …)` captures only the key. Returns the exit code.
 */
export async function runKeysCreate(
  args: readonly string[],
  env: RawEnv,
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  const org = option(args, '--org');
  const scopes = (option(args, '--scopes') ?? '').split(',').filter((s) => s !== '');
  const creatorId = option(args, '--creator');
  const name = option(args, '--name') ?? 'bootstrap';
  const days = option(args, '--expires-in-days');
  const expiresInDays = days === undefined ? undefined : Number(days);
  const known: readonly string[] = API_KEY_SCOPES;
  if (
    org === undefined ||
    !/^org_[0-9A-Za-z]{1,40}$/.test(org) ||
    scopes.length === 0 ||
    scopes.some((s) => !known.includes(s)) ||
    (creatorId !== undefined && !/^usr_[0-9A-Za-z]{1,40}$/.test(creatorId)) ||
    name.length === 0 ||
    name.length > 100 ||
    (expiresInDays !== undefined &&
      (!Number.isInteger(expiresInDays) ||
        expiresInDays < 1 ||
        expiresInDays > MAX_EXPIRES_IN_DAYS))
  ) {
    err.write(`${KEYS_CREATE_USAGE}\n`);
    return 2;
  }
  const loaded = await loadConfig(env);
  // Logs (the api_key.created event among them) go to stderr: stdout carries the key only.
  const logger = createLogger({
    level: loaded.config.logLevel,
    destination: process.stderr,
  });
  const context = await createAppContext(loaded, { logger });
  try {
    let query = context.database.db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('organization_id', '=', org)
      .where('status', '=', 'active');
    query =
      creatorId === undefined
        ? query.where('role', '=', 'owner').orderBy('created_at', 'asc').orderBy('id', 'asc')
        : query.where('id', '=', creatorId);
    const creator = await query.executeTakeFirst();
    if (creator === undefined) {
      err.write(
        `rampart: no active ${creatorId === undefined ? 'owner' : 'user with that id'} in that organization\n`,
      );
      return 1;
    }
    const issued = await context.apiKeys.service.createForCreator(org, creator, {
      name,
      scopes,
      expiresInDays,
    });
    out.write(`${issued.key}\n`);
    err.write(
      `rampart: created ${issued.id} (${issued.scopes.join(', ')}) for ${org}, creator ${creator.id}. ` +
        'The key above is shown once: store it in your secret manager now.\n',
    );
    return 0;
  } finally {
    await context.close();
    logger.flush();
  }
}
