import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';

export type RawEnv = Readonly<Record<string, string | undefined>>;

/**
 * Step 1 of readEnv -> toConfig -> toSecrets: collects the raw strings. Every setting
 * NAME may instead be given as NAME_FILE, a path whose content (trimmed) is the value,
 * which is how container secrets are mounted. Giving both is an error, not a guess.
 */
export function readEnv(
  names: readonly string[],
  env: RawEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const direct = env[name];
    const file = env[`${name}_FILE`];
    if (direct !== undefined && direct !== '' && file !== undefined && file !== '') {
      throw new ConfigError(name, `set either ${name} or ${name}_FILE, not both`);
    }
    if (file !== undefined && file !== '') {
      try {
        out[name] = readFileSync(file, 'utf8').trim();
      } catch {
        throw new ConfigError(`${name}_FILE`, 'the file cannot be read');
      }
    } else if (direct !== undefined && direct !== '') {
      out[name] = direct;
    }
  }
  return out;
}
