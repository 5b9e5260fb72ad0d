// Small path helpers shared by the check families.
import type { CheckContext } from '../context.js';

/** A path to aim header-level checks at: the probe operation, else the served OpenAPI document, else `/`. */
export function probePath(ctx: CheckContext): string {
  if (ctx.probe) return ctx.probe.path;
  return 'path' in ctx.options.openapi ? ctx.options.openapi.path : '/';
}

/** `/v1/me` -> `/v1`, so probes of unknown routes stay under the API's base path. */
export function basePath(path: string): string {
  const first = path.split('/').filter(Boolean)[0];
  return first === undefined || first.includes('.') ? '' : `/${first}`;
}

/** A short random suffix so repeated audits never collide on names. */
export function nonce(): string {
  return Math.random().toString(36).slice(2, 10);
}
