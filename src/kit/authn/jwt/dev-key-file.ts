import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigningAlgorithm } from './key-ring.js';
import {
  generateSigningJwk,
  promoteStagedKey,
  retireKeys,
  rotateKeys,
  stageKey,
  type PrivateJwk,
} from './rotate-key-set.js';

/** The development secrets file written by `loadDevSecrets` (kit/config/dev-material.ts). */
export function devSecretsFile(dataDir: string): string {
  return join(dataDir, 'dev-secrets.json');
}

/** Reads the signing keys of the development secrets file, newest first. */
export function readDevSigningKeys(dataDir: string): PrivateJwk[] {
  const file = JSON.parse(readFileSync(devSecretsFile(dataDir), 'utf8')) as {
    RAMPART_SIGNING_KEYS?: string;
  };
  const keys = JSON.parse(file.RAMPART_SIGNING_KEYS ?? '[]') as unknown;
  if (!Array.isArray(keys)) throw new Error('dev-secrets.json: RAMPART_SIGNING_KEYS is not a list');
  return keys as PrivateJwk[];
}

export type RotationStep = 'rotate' | 'stage' | 'promote' | 'retire';

/**
 * Applies one rotation step to a key list. `rotate` = stage + promote at once (one
 * instance, or instances that reload the same file); a fleet stages, rolls out,
 * promotes, rolls out, then retires once the old key's last token has expired.
 */
export async function applyRotation(
  keys: readonly PrivateJwk[],
  step: RotationStep,
  options: { alg?: SigningAlgorithm; keep?: number; kidPrefix?: string } = {},
): Promise<PrivateJwk[]> {
  switch (step) {
    case 'rotate':
      return rotateKeys(keys, await generateSigningJwk(options.alg, options.kidPrefix));
    case 'stage':
      return stageKey(keys, await generateSigningJwk(options.alg, options.kidPrefix));
    case 'promote':
      return promoteStagedKey(keys);
    case 'retire':
      return retireKeys(keys, options.keep ?? 2);
  }
}

/** Rewrites the development secrets file with a new key list (atomic rename, mode 0600). */
export function writeDevSigningKeys(dataDir: string, keys: readonly PrivateJwk[]): void {
  const file = devSecretsFile(dataDir);
  if (!existsSync(file)) throw new Error(`${file} does not exist (start the service once first)`);
  const content = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  content.RAMPART_SIGNING_KEYS = JSON.stringify(keys);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(content, null, 2), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
