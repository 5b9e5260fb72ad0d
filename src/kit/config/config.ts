import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { parseCidr, parseEnum, parseInteger, parseList, parseOrigin } from './parsers.js';

export type Mode = 'production' | 'development' | 'test';
export type TlsMode = 'self' | 'proxy';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The typed, validated, frozen configuration. Secrets live apart, in {@link Secrets}. */
export interface Config {
  readonly mode: Mode;
  readonly host: string;
  readonly port: number;
  /** 0 when the plain-HTTP listener is off. */
  readonly httpPort: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly tls: TlsMode;
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  readonly trustedProxies: readonly string[];
  readonly publicUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshIdleSeconds: number;
  readonly refreshAbsoluteSeconds: number;
  readonly bodyLimitBytes: number;
  readonly logLevel: LogLevel;
  readonly limits: {
    readonly ipPerMinute: number;
    readonly principalPerMinute: number;
    readonly globalPerMinute: number;
    readonly loginFailuresPerMinute: number;
    /** Per-IP budget of route class `auth` (register, login, refresh, invitations). */
    readonly authIpPerMinute: number;
    /** Failed credential checks per IP, across accounts (credential stuffing). */
    readonly loginIpFailuresPerMinute: number;
    /** Failed credential checks per account from all IPs: the slow account-wide tier. */
    readonly accountFailuresPerHour: number;
    /** Base of the progressive delay after repeated failures; 0 turns the delay off. */
    readonly loginDelayMs: number;
    /** Levels in report-only mode: headers and events, no 429. */
    readonly shadow: readonly ('global' | 'ip' | 'principal' | 'auth-ip')[];
    /** Non-auth limits while Redis is unreachable (auth always fails closed). */
    readonly redisOutage: 'local' | 'open' | 'closed';
    /** Load shedding: 503 when the event loop lags more than this; 0 turns it off. */
    readonly maxEventLoopDelayMs: number;
  };
  readonly oidc:
    | {
        readonly issuer: string;
        readonly audience: string;
        /** Claim naming the caller's organization id (`org_…`). */
        readonly organizationClaim: string;
        /** Claim naming the caller's role (owner|admin|member|viewer). */
        readonly roleClaim: string;
      }
    | undefined;
}

/**
 * The defaults table (Fastify style): every setting, its environment name and default.
 * Kept as data so docs/configuration.md can be checked against it.
 */
export const SETTINGS = {
  NODE_ENV: 'production (unset) | development | test',
  RAMPART_HOST: '127.0.0.1',
  RAMPART_PORT: '8443',
  RAMPART_HTTP_PORT: '8080 (0 turns it off)',
  RAMPART_DATA_DIR: './.rampart',
  DATABASE_URL: 'unset: SQLite in the data dir',
  REDIS_URL: 'unset: in-process stores',
  RAMPART_CORS_ORIGINS: 'empty: no cross-origin access',
  RAMPART_TLS: 'self | proxy',
  RAMPART_TLS_CERT_FILE: 'unset: development generates a self-signed certificate',
  RAMPART_TLS_KEY_FILE: 'unset: development generates a self-signed certificate',
  RAMPART_TRUSTED_PROXIES: 'empty',
  RAMPART_PUBLIC_URL: 'https://<host>:<port>',
  RAMPART_ISSUER: 'the public URL',
  RAMPART_AUDIENCE: 'rampart-api',
  RAMPART_ACCESS_TOKEN_TTL_MINUTES: '15 (5-60)',
  RAMPART_REFRESH_IDLE_DAYS: '7',
  RAMPART_REFRESH_ABSOLUTE_DAYS: '30',
  RAMPART_BODY_LIMIT_BYTES: '102400',
  RAMPART_LOG_LEVEL: 'info',
  RAMPART_LIMIT_IP_PER_MIN: '100',
  RAMPART_LIMIT_PRINCIPAL_PER_MIN: '1000',
  RAMPART_LIMIT_GLOBAL_PER_MIN: '10000',
  RAMPART_LIMIT_LOGIN_FAILURES_PER_MIN: '5',
  RAMPART_LIMIT_AUTH_IP_PER_MIN: '30',
  RAMPART_LIMIT_LOGIN_IP_FAILURES_PER_MIN: '30',
  RAMPART_LIMIT_ACCOUNT_FAILURES_PER_HOUR: '100',
  RAMPART_LIMIT_LOGIN_DELAY_MS: '250 (0 turns the progressive delay off)',
  RAMPART_LIMIT_SHADOW: 'empty: comma list of global, ip, principal, auth-ip in report-only mode',
  RAMPART_LIMIT_REDIS_OUTAGE: 'local | open | closed',
  RAMPART_LIMIT_EVENT_LOOP_DELAY_MS: '1000 (0 turns load shedding off)',
  OIDC_ISSUER: 'unset: OIDC resource-server mode off',
  OIDC_AUDIENCE: 'required with OIDC_ISSUER',
  OIDC_ORGANIZATION_CLAIM: 'org_id',
  OIDC_ROLE_CLAIM: 'role',
} as const;

export const CONFIG_NAMES = Object.keys(SETTINGS);

/** Step 2: raw strings -> typed, validated, frozen configuration. */
export function toConfig(raw: Readonly<Record<string, string>>, cwd = process.cwd()): Config {
  const mode = parseEnum('NODE_ENV', raw.NODE_ENV ?? 'production', [
    'production',
    'development',
    'test',
  ] as const);
  const host = raw.RAMPART_HOST ?? '127.0.0.1';
  const port = parseInteger('RAMPART_PORT', raw.RAMPART_PORT ?? '8443', 0, 65535);
  const httpPort = parseInteger('RAMPART_HTTP_PORT', raw.RAMPART_HTTP_PORT ?? '8080', 0, 65535);
  const dataDirRaw = raw.RAMPART_DATA_DIR ?? './.rampart';
  const tls = parseEnum('RAMPART_TLS', raw.RAMPART_TLS ?? 'self', ['self', 'proxy'] as const);
  const databaseUrl = raw.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const redisUrl = raw.REDIS_URL;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  const publicUrl = (
    raw.RAMPART_PUBLIC_URL ?? `https://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
  ).replace(/\/$/, '');
  if (!/^https:\/\//.test(publicUrl))
    throw new ConfigError('RAMPART_PUBLIC_URL', 'must be an https:// URL');
  const oidcIssuer = raw.OIDC_ISSUER;
  const oidcAudience = raw.OIDC_AUDIENCE;
  if ((oidcIssuer === undefined) !== (oidcAudience === undefined)) {
    throw new ConfigError(
      oidcIssuer === undefined ? 'OIDC_ISSUER' : 'OIDC_AUDIENCE',
      'OIDC_ISSUER and OIDC_AUDIENCE must be set together',
    );
  }
  if (oidcIssuer !== undefined && !/^https:\/\//.test(oidcIssuer)) {
    throw new ConfigError('OIDC_ISSUER', 'must be an https:// URL');
  }
  const config: Config = {
    mode,
    host,
    port,
    httpPort,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    databaseUrl,
    redisUrl,
    corsOrigins: parseList(raw.RAMPART_CORS_ORIGINS).map((o) =>
      parseOrigin('RAMPART_CORS_ORIGINS', o),
    ),
    tls,
    tlsCertFile: raw.RAMPART_TLS_CERT_FILE,
    tlsKeyFile: raw.RAMPART_TLS_KEY_FILE,
    trustedProxies: parseList(raw.RAMPART_TRUSTED_PROXIES).map((c) =>
      parseCidr('RAMPART_TRUSTED_PROXIES', c),
    ),
    publicUrl,
    issuer: raw.RAMPART_ISSUER ?? publicUrl,
    audience: raw.RAMPART_AUDIENCE ?? 'rampart-api',
    accessTokenTtlSeconds:
      60 *
      parseInteger(
        'RAMPART_ACCESS_TOKEN_TTL_MINUTES',
        raw.RAMPART_ACCESS_TOKEN_TTL_MINUTES ?? '15',
        5,
        60,
      ),
    refreshIdleSeconds:
      86400 *
      parseInteger('RAMPART_REFRESH_IDLE_DAYS', raw.RAMPART_REFRESH_IDLE_DAYS ?? '7', 1, 90),
    refreshAbsoluteSeconds:
      86400 *
      parseInteger(
        'RAMPART_REFRESH_ABSOLUTE_DAYS',
        raw.RAMPART_REFRESH_ABSOLUTE_DAYS ?? '30',
        1,
        365,
      ),
    bodyLimitBytes: parseInteger(
      'RAMPART_BODY_LIMIT_BYTES',
      raw.RAMPART_BODY_LIMIT_BYTES ?? '102400',
      1024,
      10 * 1024 * 1024,
    ),
    logLevel: parseEnum('RAMPART_LOG_LEVEL', raw.RAMPART_LOG_LEVEL ?? 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    limits: {
      ipPerMinute: parseInteger(
        'RAMPART_LIMIT_IP_PER_MIN',
        raw.RAMPART_LIMIT_IP_PER_MIN ?? '100',
        1,
        10_000_000,
      ),
      principalPerMinute: parseInteger(
        'RAMPART_LIMIT_PRINCIPAL_PER_MIN',
        raw.RAMPART_LIMIT_PRINCIPAL_PER_MIN ?? '1000',
        1,
        10_000_000,
      ),
      globalPerMinute: parseInteger(
        'RAMPART_LIMIT_GLOBAL_PER_MIN',
        raw.RAMPART_LIMIT_GLOBAL_PER_MIN ?? '10000',
        1,
        100_000_000,
      ),
      loginFailuresPerMinute: parseInteger(
        'RAMPART_LIMIT_LOGIN_FAILURES_PER_MIN',
        raw.RAMPART_LIMIT_LOGIN_FAILURES_PER_MIN ?? '5',
        1,
        1000,
      ),
      authIpPerMinute: parseInteger(
        'RAMPART_LIMIT_AUTH_IP_PER_MIN',
        raw.RAMPART_LIMIT_AUTH_IP_PER_MIN ?? '30',
        1,
        10_000_000,
      ),
      loginIpFailuresPerMinute: parseInteger(
        'RAMPART_LIMIT_LOGIN_IP_FAILURES_PER_MIN',
        raw.RAMPART_LIMIT_LOGIN_IP_FAILURES_PER_MIN ?? '30',
        1,
        1_000_000,
      ),
      accountFailuresPerHour: parseInteger(
        'RAMPART_LIMIT_ACCOUNT_FAILURES_PER_HOUR',
        raw.RAMPART_LIMIT_ACCOUNT_FAILURES_PER_HOUR ?? '100',
        1,
        1_000_000,
      ),
      loginDelayMs: parseInteger(
        'RAMPART_LIMIT_LOGIN_DELAY_MS',
        raw.RAMPART_LIMIT_LOGIN_DELAY_MS ?? '250',
        0,
        10_000,
      ),
      shadow: parseList(raw.RAMPART_LIMIT_SHADOW).map((level) =>
        parseEnum('RAMPART_LIMIT_SHADOW', level, ['global', 'ip', 'principal', 'auth-ip'] as const),
      ),
      redisOutage: parseEnum(
        'RAMPART_LIMIT_REDIS_OUTAGE',
        raw.RAMPART_LIMIT_REDIS_OUTAGE ?? 'local',
        ['local', 'open', 'closed'] as const,
      ),
      maxEventLoopDelayMs: parseInteger(
        'RAMPART_LIMIT_EVENT_LOOP_DELAY_MS',
        raw.RAMPART_LIMIT_EVENT_LOOP_DELAY_MS ?? '1000',
        0,
        60_000,
      ),
    },
    oidc:
      oidcIssuer !== undefined && oidcAudience !== undefined
        ? {
            issuer: oidcIssuer,
            audience: oidcAudience,
            organizationClaim: claimName(
              'OIDC_ORGANIZATION_CLAIM',
              raw.OIDC_ORGANIZATION_CLAIM,
              'org_id',
            ),
            roleClaim: claimName('OIDC_ROLE_CLAIM', raw.OIDC_ROLE_CLAIM, 'role'),
          }
        : undefined,
  };
  if (config.refreshIdleSeconds > config.refreshAbsoluteSeconds) {
    throw new ConfigError(
      'RAMPART_REFRESH_IDLE_DAYS',
      'must not exceed RAMPART_REFRESH_ABSOLUTE_DAYS',
    );
  }
  return deepFreeze(config);
}

function claimName(name: string, value: string | undefined, fallback: string): string {
  const claim = value ?? fallback;
  if (!/^[A-Za-z0-9_:./-]{1,100}$/.test(claim))
    throw new ConfigError(name, 'must be a claim name (letters, digits, _ : . / -)');
  return claim;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
