import { resolve } from 'node:path';
import {
  DEV_KID_PREFIX,
  applyRotation,
  readDevSigningKeys,
  writeDevSigningKeys,
  type PrivateJwk,
  type RotationStep,
} from '../kit/index.js';

export const KEYS_ROTATE_USAGE = `usage: rampart keys rotate [--stage | --promote | --retire] [--alg ES256|EdDSA] [--env]
  (no step)   add a new signing key in front: it signs at once, the old keys keep verifying
  --stage     add a new key at the end: verified everywhere, not signing yet (fleets: step 1)
  --promote   move the staged key to the front: it signs from now on (fleets: step 2)
  --retire    keep only the 2 newest keys (after the old key's last token expired: 15 min+)
  --env       rotate RAMPART_SIGNING_KEYS from the environment and print the new list
              (JSON, private keys) for your secret store; without it, the development key
              file in RAMPART_DATA_DIR is rewritten and a running dev service reloads it`;

/** `rampart keys rotate`: rotation of the access-token signing key set. */
export async function runKeysRotate(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  if (args.includes('--help')) {
    out(KEYS_ROTATE_USAGE);
    return 0;
  }
  const steps = (['stage', 'promote', 'retire'] as const).filter((s) => args.includes(`--${s}`));
  if (steps.length > 1) {
    out(KEYS_ROTATE_USAGE);
    return 2;
  }
  const step: RotationStep = steps[0] ?? 'rotate';
  const alg = args.includes('EdDSA') ? 'EdDSA' : 'ES256';
  if (args.includes('--env')) {
    const raw = env.RAMPART_SIGNING_KEYS;
    if (raw === undefined) {
      process.stderr.write('rampart: RAMPART_SIGNING_KEYS is not set\n');
      return 1;
    }
    const parsed = JSON.parse(raw) as unknown;
    const keys = (
      Array.isArray(parsed) ? parsed : (parsed as { keys: unknown }).keys
    ) as PrivateJwk[];
    out(JSON.stringify(await applyRotation(keys, step, { alg })));
    return 0;
  }
  const dataDir = resolve(env.RAMPART_DATA_DIR ?? './.rampart');
  const next = await applyRotation(readDevSigningKeys(dataDir), step, {
    alg,
    kidPrefix: DEV_KID_PREFIX,
  });
  writeDevSigningKeys(dataDir, next);
  out(`signing keys (newest first): ${next.map((k) => String(k.kid)).join(', ')}`);
  return 0;
}
