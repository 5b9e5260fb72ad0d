// Command-line parsing for `rampart audit`. Hand-written because `--json` takes an optional
// value (`--json` or `--json=file`), which node:util parseArgs cannot express.
import { readFileSync } from 'node:fs';
import { AuditUsageError, isSeverity, type AuditInput, type Credential } from './options.js';
import type { Severity } from './types.js';

const VALUE_FLAGS = [
  'openapi',
  'token',
  'token-b',
  'token-low',
  'login',
  'login-b',
  'login-low',
  'login-path',
  'api-key',
  'cacert',
  'http-port',
  'max-requests',
  'max-rps',
  'timeout',
  'fail-on',
  'only',
  'skip',
] as const;
const BOOLEAN_FLAGS = ['insecure', 'dry-run', 'quiet', 'no-color', 'help'] as const;
const OUTPUT_FLAGS = ['json', 'sarif', 'junit'] as const;
const ALL_FLAGS: readonly string[] = [...VALUE_FLAGS, ...BOOLEAN_FLAGS, ...OUTPUT_FLAGS];

export interface CliArgs {
  input: AuditInput;
  failOn: Severity | 'none';
  outputs: Partial<Record<(typeof OUTPUT_FLAGS)[number], string>>;
  quiet: boolean;
  color: boolean;
  help: boolean;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const outputs: CliArgs['outputs'] = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = splitOnce(arg.slice(2));
    if ((OUTPUT_FLAGS as readonly string[]).includes(name)) {
      outputs[name as (typeof OUTPUT_FLAGS)[number]] = inline ?? '-';
    } else if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (inline !== undefined) throw new AuditUsageError(`--${name} takes no value`);
      flags.add(name);
    } else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--')))
        throw new AuditUsageError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      const guess = closest(name);
      throw new AuditUsageError(
        `unknown option --${name}${guess === undefined ? '' : ` (did you mean --${guess}?)`}`,
      );
    }
  }
  if (flags.has('help'))
    return {
      input: { target: '' },
      failOn: 'medium',
      outputs,
      quiet: true,
      color: false,
      help: true,
    };
  if (positional.length !== 1)
    throw new AuditUsageError(
      positional.length === 0
        ? 'missing target URL (e.g. https://127.0.0.1:8443)'
        : `expected one target, got: ${positional.join(' ')}`,
    );
  if (Object.values(outputs).filter((v) => v === '-').length > 1)
    throw new AuditUsageError(
      'only one of --json/--sarif/--junit can write to stdout; give the others a file (--sarif=report.sarif)',
    );

  const secret = (name: string): string | undefined => {
    const raw = values.get(name);
    if (raw === undefined || !raw.startsWith('env:')) return raw;
    const value = env[raw.slice(4)];
    if (value === undefined || value === '')
      throw new AuditUsageError(`--${name} env:${raw.slice(4)}: the variable is not set`);
    return value;
  };
  const credential = (tokenFlag: string, loginFlag: string): Credential | undefined => {
    const token = secret(tokenFlag);
    const login = secret(loginFlag);
    if (token !== undefined && login !== undefined)
      throw new AuditUsageError(`give --${tokenFlag} or --${loginFlag}, not both`);
    if (token !== undefined) return { kind: 'token', token };
    if (login === undefined) return undefined;
    const [email, password] = splitOnce(login, ':');
    if (!email || password === undefined || password === '')
      throw new AuditUsageError(`--${loginFlag} must be email:password`);
    return { kind: 'login', email, password };
  };
  const number = (name: string): number | undefined => {
    const raw = values.get(name);
    if (raw === undefined) return undefined;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed))
      throw new AuditUsageError(`--${name} must be a number, got "${raw}"`);
    return parsed;
  };
  const failOn = values.get('fail-on') ?? 'medium';
  if (failOn !== 'none' && !isSeverity(failOn))
    throw new AuditUsageError(
      `--fail-on must be one of critical, high, medium, low, info, none; got "${failOn}"`,
    );
  const cacert = values.get('cacert');
  let ca: string | undefined;
  if (cacert !== undefined) {
    try {
      ca = readFileSync(cacert, 'utf8');
    } catch {
      throw new AuditUsageError(`--cacert file not readable: ${cacert}`);
    }
  }
  const list = (name: string): string[] | undefined =>
    values
      .get(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const timeout = parseTimeout(values.get('timeout'));
  const input: AuditInput = {
    target: positional[0] ?? '',
    ...optional('openapi', values.get('openapi')),
    ...optional('userA', credential('token', 'login')),
    ...optional('userB', credential('token-b', 'login-b')),
    ...optional('userLow', credential('token-low', 'login-low')),
    ...optional('apiKey', secret('api-key')),
    ...optional('loginPath', values.get('login-path')),
    ...optional('ca', ca),
    insecure: flags.has('insecure'),
    ...optional('httpPort', number('http-port')),
    ...optional('maxRequests', number('max-requests')),
    ...optional('maxRps', number('max-rps')),
    ...optional('timeoutMs', timeout),
    dryRun: flags.has('dry-run'),
    ...optional('only', list('only')),
    ...optional('skip', list('skip')),
  };
  return {
    input,
    failOn: failOn,
    outputs,
    quiet: flags.has('quiet'),
    color: !flags.has('no-color'),
    help: false,
  };
}

/** `{}` or `{ key: value }`, so absent options stay absent under exactOptionalPropertyTypes. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function splitOnce(text: string, separator = '='): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Seconds by default; `500ms` and `10s` are accepted too. */
function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!match)
    throw new AuditUsageError(`--timeout must be seconds (e.g. 10 or 2.5s or 500ms), got "${raw}"`);
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : value * 1000;
}

function closest(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of ALL_FLAGS) {
    const distance = levenshtein(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
