import { pino } from 'pino';
import type { Logger } from '../observe/logger.js';
import { maskCredential } from '../observe/mask.js';

export interface AccessLine {
  readonly requestId: string;
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly userId: string | undefined;
  readonly durationMs: number;
}

interface LineStream {
  write(line: string): unknown;
}

/**
 * One access line per request, from an allowlist of fields. The path is logged without
 * its query string, so a credential someone put in a URL never reaches the log.
 *
 * The line is assembled here rather than by `logger.info()`: it is the one log line of
 * every request, and its fields are fixed, so pino's generic serialization and redaction
 * (about a third of our per-request cost in the benchmark) buy nothing. Every string is
 * JSON-escaped, so CR/LF in a value can never start a new line.
 */
export interface AccessLog {
  (line: AccessLine): void;
  /** Writes what is batched now (the server calls it on close). */
  flush(): void;
}

export function createAccessLog(logger: Logger): AccessLog {
  const stream = Reflect.get(logger, pino.symbols.streamSym) as LineStream | undefined;
  if (stream === undefined || typeof stream.write !== 'function') {
    return Object.assign((line: AccessLine) => logger.info(fields(line)), {
      flush: () => undefined,
    });
  }
  // With pino's asynchronous destination (sonic-boom), lines are handed over in chunks of
  // ~16 KiB, or after at most BATCH_WAIT_MS on a quiet instance. Handing them over once per
  // event-loop turn cost ~10 % of the public route: every sonic-boom write measures and
  // re-flattens the whole string it is still accumulating (up to its 16 KiB minLength), so
  // small writes copy each byte many times. Other streams (tests, custom destinations) get
  // each line at once.
  const batched = typeof (stream as { flushSync?: unknown }).flushSync === 'function';
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const timestamp = isoTimestamps();
  /** Hands the batch over; a failing destination never fails the request being answered. */
  const handOver = (sync: boolean): void => {
    const out = pending;
    pending = '';
    heldAtExit.delete(atExit);
    try {
      stream.write(out);
      if (sync) (stream as { flushSync?: () => void }).flushSync?.();
    } catch {
      // Destroyed or ended destination (a shutdown race): the lines are lost, the answer is not.
    }
  };
  // A process that exits without closing the server (a crash, process.exit) would lose the
  // batch: pino's own exit flush only sees what sonic-boom holds. The lines before a crash
  // are the ones an operator needs most.
  const atExit = (): void => handOver(true);
  const flush = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending !== '') handOver(false);
  };
  const emit = (text: string): void => {
    if (!batched) {
      stream.write(text);
      return;
    }
    if (pending === '') holdAtExit(atExit);
    pending += text;
    if (pending.length >= BATCH_CHARS) flush();
    else if (timer === undefined) {
      timer = setTimeout(flush, BATCH_WAIT_MS);
      timer.unref(); // the server's close hook flushes; a timer must not keep a process alive
    }
  };
  return Object.assign(
    function writeAccessLine(line: AccessLine) {
      // pino's numeric level (info = 30); cheaper than isLevelEnabled's name lookup.
      if (logger.levelVal > INFO) return;
      const q = line.url.indexOf('?');
      const path = maskPath((q === -1 ? line.url : line.url.slice(0, q)).slice(0, 2048));
      emit(
        `{"level":"info","timestamp":"${timestamp()}","requestId":${quote(line.requestId)}` +
          `,"method":${quote(line.method)},"path":${quote(path)},"statusCode":${line.statusCode}` +
          `,"ip":${quote(line.ip)}` +
          (line.userAgent === undefined
            ? ''
            : `,"userAgent":${quote(line.userAgent.slice(0, 256))}`) +
          (line.userId === undefined ? '' : `,"userId":${quote(line.userId)}`) +
          `,"durationMs":${hundredths(line.durationMs)}}\n`,
      );
    },
    { flush },
  );
}

const INFO = 30;

/** Access logs holding a batch right now; written synchronously if the process exits. */
const heldAtExit = new Set<() => void>();
let exitListener = false;

function holdAtExit(write: () => void): void {
  heldAtExit.add(write);
  if (exitListener) return;
  exitListener = true;
  process.once('exit', () => {
    for (const held of [...heldAtExit]) held();
  });
}

/** Access lines are handed to the destination in chunks of about this many characters… */
const BATCH_CHARS = 16 * 1024;
/** …or this long after the first line of a chunk, whichever comes first. */
const BATCH_WAIT_MS = 200;

/** `"00"` … `"99"`: the fraction of a duration in hundredths. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * A duration in ms as a JSON number with two decimals (`12.05`, `0.40`). Formatting the
 * double `Math.round(x * 100) / 100` runs V8's shortest-representation algorithm, ~6x the
 * cost of these two integer steps (measured); the number read back is the same.
 */
export function hundredths(ms: number): string {
  const total = Math.round(ms * 100);
  if (!(total >= 0 && total <= Number.MAX_SAFE_INTEGER)) return '0';
  const whole = Math.floor(total / 100);
  return `${whole}.${TWO_DIGITS[total - whole * 100] as string}`;
}

/** `"000"` … `"999"`: the millisecond part of a timestamp. */
const MILLIS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * The current time as `toISOString()` writes it. Under load nearly every line falls in a
 * new millisecond, so a `Date` per line is what it would cost; the part up to the second
 * is formatted once a second instead, and the milliseconds are looked up.
 */
export function isoTimestamps(clock: () => number = Date.now): () => string {
  let second = Number.NaN;
  let prefix = '';
  return () => {
    const now = clock();
    const s = Math.floor(now / 1000);
    if (s !== second) {
      second = s;
      prefix = new Date(s * 1000).toISOString().slice(0, 20); // "2026-11-29T08:40:12."
    }
    return `${prefix}${MILLIS[now - s * 1000] as string}Z`;
  };
}

/** Printable ASCII without `"` and `\`: needs no JSON escaping. */
const NEEDS_NO_ESCAPE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * A JSON string literal. Most values (ids, methods, paths, addresses, user agents) are
 * plain printable ASCII and are only wrapped in quotes; anything else goes through
 * `JSON.stringify`, which escapes quotes, control characters and lone surrogates. The
 * check is ~4x cheaper than stringifying, and five fields per request add up.
 */
function quote(value: string): string {
  return NEEDS_NO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
}

function fields(line: AccessLine): Record<string, unknown> {
  const q = line.url.indexOf('?');
  return {
    requestId: line.requestId,
    method: line.method,
    path: maskPath((q === -1 ? line.url : line.url.slice(0, q)).slice(0, 2048)),
    statusCode: line.statusCode,
    ip: line.ip,
    userAgent: line.userAgent?.slice(0, 256),
    userId: line.userId,
    durationMs: Math.round(line.durationMs * 100) / 100,
  };
}

/** A credential pasted into a URL path (`/v1/sk_live_…`) is masked before it is logged. */
function maskPath(path: string): string {
  if (!path.includes('sk_') && !path.includes('eyJ')) return path;
  return path
    .replace(/sk_(?:live|test)_[A-Za-z0-9_]+/g, (key) => maskCredential(key))
    .replace(/eyJ[\w-]*\.[\w-]*(?:\.[\w-]*)?/g, '[token]');
}
