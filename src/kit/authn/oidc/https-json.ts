import { request, type Agent } from 'node:https';

export interface HttpsJsonOptions {
  /** A custom agent (e.g. with a private CA); the default agent trusts the system store. */
  readonly agent?: Agent;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/** Fetches a JSON document. Resolves to the parsed body; rejects on anything unexpected. */
export type JsonFetcher = (url: string) => Promise<unknown>;

/**
 * A JSON fetcher for discovery and JWKS documents: HTTPS only (certificate verified),
 * no redirects, a timeout and a size cap, so a hostile or broken provider cannot hang or
 * flood the verifier.
 */
export function createHttpsJsonFetcher(options: HttpsJsonOptions = {}): JsonFetcher {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return (url) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') {
        reject(new Error('OIDC documents must be fetched over https'));
        return;
      }
      const req = request(
        target,
        {
          method: 'GET',
          headers: { accept: 'application/json' },
          timeout: timeoutMs,
          ...(options.agent === undefined ? {} : { agent: options.agent }),
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`OIDC document answered ${String(res.statusCode)}`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              req.destroy(new Error('OIDC document too large'));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
            } catch {
              reject(new Error('OIDC document is not JSON'));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('OIDC document timed out')));
      req.on('error', reject);
      req.end();
    });
}
