// Audit options: one defaults table, validated once, frozen (STYLE 3).
// Both the CLI and programmatic callers go through resolveOptions().
import { existsSync } from 'node:fs';
import { SEVERITIES, type Severity } from './types.js';

export type Credential =
  { kind: 'token'; token: string } | { kind: 'login'; email: string; password: string };

/** What a caller may pass; everything but the target has a default. */
export interface AuditInput {
  target: string;
  openapi?: string;
  /** Tenant A (main user), tenant B, and a lower-privileged user of tenant A. */
  userA?: Credential;
  userB?: Credential;
  userLow?: Credential;
  apiKey?: string;
  loginPath?: string;
  /** PEM text of the CA to trust (the CLI reads `--cacert <file>`). */
  ca?: string;
  insecure?: boolean;
  httpPort?: number;
  maxRequests?: number;
  maxRps?: number;
  timeoutMs?: number;
  dryRun?: boolean;
  only?: readonly string[];
  skip?: readonly string[];
  /** Called with one line per progress event; the CLI writes them to stderr. */
  onProgress?: (line: string) => void;
}

export interface AuditOptions {
  readonly origin: string;
  /** Where the OpenAPI document comes from: a path on the audited origin, or a local file. */
  readonly openapi: { readonly path: string } | { readonly file: string };
  readonly userA: Credential | undefined;
  readonly userB: Credential | undefined;
  readonly userLow: Credential | undefined;
  readonly apiKey: string | undefined;
  readonly loginPath: string;
  readonly ca: string | undefined;
  readonly insecure: boolean;
  readonly httpPort: number | undefined;
  readonly maxRequests: number;
  readonly maxRps: number;
  readonly timeoutMs: number;
  readonly dryRun: boolean;
  readonly only: readonly string[] | undefined;
  readonly skip: readonly string[];
  readonly onProgress: (line: string) => void;
}

/** The defaults table. Bounds are deliberately modest: an audit must never look like an attack. */
export const DEFAULTS = Object.freeze({
  openapi: '/openapi.json',
  loginPath: '/v1/auth/login',
  maxRequests: 1500,
  maxRps: 50,
  timeoutMs: 10_000,
  failOn: 'medium',
});

export class AuditUsageError extends Error {
  readonly code = 'AUDIT_USAGE';
}

function positiveInt(
  name: string,
  value: number | undefined,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new AuditUsageError(
      `${name} must be a number between 1 and ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function parseOrigin(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new AuditUsageError(`target must be a URL like https://host:port, got "${target}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuditUsageError(`target must use https:// or http://, got ${url.protocol}`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw new AuditUsageError(
      'give the target as an origin only (https://host:port), without path, query or credentials',
    );
  }
  return url.origin;
}

/**
 * The OpenAPI document may be a URL on the audited origin (never elsewhere: the audit contacts
 * one origin only), a local file, or a bare path such as `/openapi.json` that is not a local file.
 */
function checkOpenapi(openapi: string, origin: string): AuditOptions['openapi'] {
  if (/^https?:\/\//i.test(openapi)) {
    const url = new URL(openapi);
    if (url.origin !== origin) {
      throw new AuditUsageError(
        `--openapi URL must be on the audited origin ${origin}; download it and pass the file instead`,
      );
    }
    return Object.freeze({ path: url.pathname + url.search });
  }
  if (existsSync(openapi)) return Object.freeze({ file: openapi });
  if (openapi.startsWith('/')) return Object.freeze({ path: openapi });
  throw new AuditUsageError(`--openapi file not found: ${openapi}`);
}

export function resolveOptions(input: AuditInput): AuditOptions {
  const origin = parseOrigin(input.target);
  for (const id of [...(input.only ?? []), ...(input.skip ?? [])]) {
    if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new AuditUsageError(`invalid check id "${id}"`);
  }
  if (
    input.httpPort !== undefined &&
    (!Number.isInteger(input.httpPort) || input.httpPort < 1 || input.httpPort > 65535)
  ) {
    throw new AuditUsageError(`--http-port must be a TCP port, got ${String(input.httpPort)}`);
  }
  const loginPath = input.loginPath ?? DEFAULTS.loginPath;
  if (!loginPath.startsWith('/')) throw new AuditUsageError('--login-path must start with /');
  return Object.freeze({
    origin,
    openapi: checkOpenapi(input.openapi ?? DEFAULTS.openapi, origin),
    userA: input.userA,
    userB: input.userB,
    userLow: input.userLow,
    apiKey: input.apiKey,
    loginPath,
    ca: input.ca,
    insecure: input.insecure ?? false,
    httpPort: input.httpPort,
    maxRequests: Math.floor(
      positiveInt('--max-requests', input.maxRequests, DEFAULTS.maxRequests, 100_000),
    ),
    maxRps: positiveInt('--max-rps', input.maxRps, DEFAULTS.maxRps, 10_000),
    timeoutMs: positiveInt('--timeout', input.timeoutMs, DEFAULTS.timeoutMs, 600_000),
    dryRun: input.dryRun ?? false,
    only: input.only ? Object.freeze([...input.only]) : undefined,
    skip: Object.freeze([...(input.skip ?? [])]),
    onProgress: input.onProgress ?? (() => undefined),
  });
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}
