import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

export function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be an integer from ${min} to ${max}`);
  return value;
}

export function parseEnum<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(name, `must be one of ${allowed.join(', ')}`);
}

export function parseList(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** An exact origin: scheme, host and optional port, nothing else. `*` and `null` are refused. */
export function parseOrigin(name: string, raw: string): string {
  if (raw === '*' || raw === 'null') {
    throw new ConfigError(
      name,
      `"${raw}" is not allowed: list exact origins such as https://app.example.com`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      'each entry must be an exact origin such as https://app.example.com',
    );
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.origin !== raw.replace(/\/$/, '')
  ) {
    throw new ConfigError(
      name,
      'each entry must be an exact origin such as https://app.example.com (no path or wildcard)',
    );
  }
  return url.origin;
}

/** A CIDR block (`10.0.0.0/8`, `::1/128`) or a single address. */
export function parseCidr(name: string, raw: string): string {
  const [address, prefix] = raw.split('/');
  const family = address === undefined ? 0 : isIP(address);
  if (family === 0)
    throw new ConfigError(
      name,
      'each entry must be an IP address or CIDR block such as 10.0.0.0/8',
    );
  if (prefix !== undefined) parseInteger(name, prefix, 0, family === 4 ? 32 : 128);
  return raw;
}
