import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';

const USAGE = `usage: rampart keys <command>
  generate [--alg ES256|EdDSA]   print a new private signing JWK (for RAMPART_SIGNING_KEYS)
  secret                         print a new 256-bit secret (base64url)
  rotate [--stage|--promote|--retire] [--env]   rotate the signing key set (see rotate --help)
  create --org org_… --scopes …  print a new API key once (first machine client; --help)`;

/** `rampart keys …`: key material for production. Printed once; never written to disk here. */
export async function runKeys(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'generate') {
    const alg = rest.includes('EdDSA') ? 'EdDSA' : 'ES256';
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
    process.stdout.write(
      `${JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg, use: 'sig' })}\n`,
    );
    return 0;
  }
  if (command === 'create') {
    const { runKeysCreate, KEYS_CREATE_USAGE } = await import('../app/api-keys/bootstrap.js');
    if (rest.includes('--help')) {
      process.stdout.write(`${KEYS_CREATE_USAGE}\n`);
      return 0;
    }
    return runKeysCreate(rest, process.env);
  }
  if (command === 'rotate') {
    const { runKeysRotate } = await import('./keys-rotate.js');
    return runKeysRotate(rest, process.env);
  }
  if (command === 'secret') {
    process.stdout.write(`${randomBytes(32).toString('base64url')}\n`);
    return 0;
  }
  process.stdout.write(`${USAGE}\n`);
  return command === undefined || command === '--help' ? 0 : 2;
}
