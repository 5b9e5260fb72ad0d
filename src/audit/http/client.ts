// The only way the auditor talks to the network. It pins every request to the audited origin
// (or its plain-HTTP port when given), takes one unit of the global budget, waits for the pacer,
// records the exchange for passive checks, and in dry-run mode sends nothing at all.
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { RequestBudget, Pacer } from './pacer.js';
import { SecretMasker, maskSetCookie } from './mask.js';
import { simulateResponse } from './simulate.js';

export interface RequestSpec {
  method: string;
  /** Path and query on the audited origin; must start with `/`. */
  path: string;
  headers?: Record<string, string>;
  /** Serialised as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Raw body; set `content-type` yourself. */
  body?: string;
  /** Send to the plain-HTTP port (`--http-port`) instead of the audited origin. */
  plainHttp?: boolean;
  /** Wait for `Retry-After` and retry once on 429 (default true); the burst check turns it off. */
  retryOn429?: boolean;
}

export interface Exchange {
  seq: number;
  check: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | undefined;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
  durationMs: number;
  simulated: boolean;
  /** A 429 that the client waited out and sent again; the retry is its own exchange. */
  superseded: boolean;
}

export class TargetError extends Error {
  readonly code = 'AUDIT_TARGET';
}

export interface ClientConfig {
  origin: string;
  httpPort: number | undefined;
  ca: string | undefined;
  insecure: boolean;
  timeoutMs: number;
  maxRequests: number;
  maxRps: number;
  dryRun: boolean;
  loginPath: string;
  onWait: (line: string) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RETRY_AFTER_S = 60;
const MAX_RETRIES = 3;

export class HttpClient {
  readonly budget: RequestBudget;
  readonly masker = new SecretMasker();
  readonly exchanges: Exchange[] = [];
  readonly planned: string[] = [];
  /** Set by the runner so each exchange is attributed to the check that sent it. */
  currentCheck = 'setup';
  private readonly pacer: Pacer;
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly origin: URL;

  constructor(private readonly config: ClientConfig) {
    this.origin = new URL(config.origin);
    this.budget = new RequestBudget(config.maxRequests);
    this.pacer = new Pacer(config.maxRps);
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      rejectUnauthorized: !config.insecure,
      ...(config.ca === undefined ? {} : { ca: config.ca }),
    });
  }

  get dryRun(): boolean {
    return this.config.dryRun;
  }

  /** The URL a spec resolves to; throws if it would leave the allowed origins. */
  urlFor(spec: RequestSpec): URL {
    if (!spec.path.startsWith('/') || spec.path.startsWith('//')) {
      throw new Error(`auditor bug: path must start with a single /, got ${spec.path}`);
    }
    let base = this.origin;
    if (spec.plainHttp === true) {
      if (this.config.httpPort === undefined)
        throw new Error('auditor bug: plain-HTTP request without --http-port');
      base = new URL(`http://${this.origin.hostname}:${this.config.httpPort}`);
      if (this.origin.hostname.includes(':'))
        base = new URL(`http://[${this.origin.hostname}]:${this.config.httpPort}`);
    }
    const url = new URL(spec.path, base);
    if (url.origin !== base.origin)
      throw new Error(`auditor bug: ${url.href} leaves ${base.origin}`);
    return url;
  }

  async send(spec: RequestSpec): Promise<Exchange> {
    let exchange = await this.sendOnce(spec);
    let waited = 0;
    // The target is throttling us. Honour it rather than hammering: wait as asked and retry, a
    // few times and at most a minute in all; what is still 429 is left to the check to judge.
    for (let attempt = 0; attempt < MAX_RETRIES; attempt += 1) {
      if (exchange.status !== 429 || spec.retryOn429 === false || exchange.simulated) break;
      const waitS = retryAfterSeconds(exchange.headers['retry-after']);
      if (waited + waitS > MAX_RETRY_AFTER_S) break;
      waited += waitS;
      this.config.onWait(`target answered 429; waiting ${waitS}s as Retry-After asks`);
      await new Promise((resolve) => setTimeout(resolve, waitS * 1000 + 100));
      exchange.superseded = true;
      exchange = await this.sendOnce(spec);
    }
    return exchange;
  }

  private async sendOnce(spec: RequestSpec): Promise<Exchange> {
    const url = this.urlFor(spec);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'rampart-audit',
      ...spec.headers,
    };
    let body = spec.body;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] ??= 'application/json';
    }
    this.budget.take();
    const seq = this.budget.sent;
    if (this.config.dryRun) {
      this.planned.push(
        `[${this.currentCheck}] ${this.describeRequest(spec.method, url, headers, body)}`,
      );
      const sim = simulateResponse(spec.method, url.pathname, this.config.loginPath);
      return this.record({
        seq,
        check: this.currentCheck,
        method: spec.method,
        url: url.href,
        requestHeaders: headers,
        requestBody: body,
        durationMs: 0,
        simulated: true,
        superseded: false,
        ...sim,
      });
    }
    await this.pacer.acquire();
    const started = performance.now();
    const raw = await this.transmit(url, spec.method, headers, body);
    const exchange: Exchange = {
      seq,
      check: this.currentCheck,
      method: spec.method,
      url: url.href,
      requestHeaders: headers,
      requestBody: body,
      status: raw.status,
      headers: raw.headers,
      body: raw.body,
      json: parseJson(raw.body, raw.headers['content-type']),
      durationMs: performance.now() - started,
      simulated: false,
      superseded: false,
    };
    return this.record(exchange);
  }

  private record(exchange: Exchange): Exchange {
    this.exchanges.push(exchange);
    return exchange;
  }

  private transmit(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    const isHttps = url.protocol === 'https:';
    const requester = isHttps ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = requester(url, {
        method,
        headers:
          body === undefined
            ? headers
            : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      });
      req.setTimeout(this.config.timeoutMs, () =>
        req.destroy(
          new TargetError(
            `no answer within ${this.config.timeoutMs} ms from ${method} ${url.pathname}`,
          ),
        ),
      );
      req.on('error', (error: Error) =>
        reject(
          error instanceof TargetError
            ? error
            : new TargetError(`${method} ${url.pathname}: ${error.message}`),
        ),
      );
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // Keep the first MiB only: evidence needs an excerpt, not a download.
          if (size < MAX_BODY_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.end(body);
    });
  }

  /** One line for a dry-run listing, secrets masked. */
  describeRequest(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
  ): string {
    const shown = Object.entries(headers)
      .filter(([name]) => !['accept', 'user-agent', 'content-type'].includes(name))
      .map(([name, value]) => `${name}: ${value}`)
      .join('; ');
    const bodyPart =
      body === undefined
        ? ''
        : ` body=${body.length > 120 ? `${body.slice(0, 120)}…(${body.length} bytes)` : body}`;
    return this.masker.mask(`${method} ${url.href}${shown === '' ? '' : ` [${shown}]`}${bodyPart}`);
  }

  /**
   * Admission for probes that are not HTTP requests (TLS handshakes): they count against the
   * budget and the pacer like any request, and a dry run lists them instead. False in a dry run.
   */
  async admit(description: string): Promise<boolean> {
    this.budget.take();
    if (this.config.dryRun) {
      this.planned.push(`[${this.currentCheck}] ${description}`);
      return false;
    }
    await this.pacer.acquire();
    return true;
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}

export function header(exchange: Pick<Exchange, 'headers'>, name: string): string | undefined {
  const value = exchange.headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

export function setCookies(exchange: Pick<Exchange, 'headers'>): string[] {
  const value = exchange.headers['set-cookie'];
  return value === undefined ? [] : value;
}

export function is2xx(exchange: Pick<Exchange, 'status'>): boolean {
  return exchange.status >= 200 && exchange.status < 300;
}

function retryAfterSeconds(value: string | string[] | undefined): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return 1;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  return Number.isNaN(date) ? 1 : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function parseJson(body: string, contentType: string | undefined): unknown {
  if (
    body === '' ||
    (contentType !== undefined && !/json/i.test(contentType) && !/^\s*[{[]/.test(body))
  )
    return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Evidence text for one exchange: the request and a response excerpt, secrets masked. */
export function formatEvidence(
  masker: SecretMasker,
  exchange: Exchange,
  excerptChars = 700,
): { request: string; response: string } {
  const reqHeaders = Object.entries(exchange.requestHeaders)
    .filter(([name]) => name !== 'user-agent' && name !== 'accept')
    .map(([name, value]) => `${name}: ${value}`);
  const request = [
    `${exchange.method} ${exchange.url}`,
    ...reqHeaders,
    ...(exchange.requestBody === undefined ? [] : ['', truncate(exchange.requestBody, 400)]),
  ].join('\n');
  const resHeaders = Object.entries(exchange.headers).flatMap(([name, value]) => {
    if (value === undefined) return [];
    const values = Array.isArray(value) ? value : [value];
    return values.map((v) => `${name}: ${name === 'set-cookie' ? maskSetCookie(v) : v}`);
  });
  const response = [
    `HTTP ${exchange.status}`,
    ...resHeaders,
    '',
    truncate(exchange.body, excerptChars),
  ].join('\n');
  return { request: masker.mask(request), response: masker.mask(response) };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
