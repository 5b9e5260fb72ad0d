import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'h2{border-bottom:1px solid #ddd;padding-bottom:.2rem}.op{margin:1rem 0;padding:.6rem 1rem;border:1px solid #ddd;border-radius:6px}' +
  '.m{font-weight:700;display:inline-block;min-width:4.5rem}code,pre{background:#f5f5f5;padding:.1rem .3rem;border-radius:3px}' +
  'pre{padding:.6rem;overflow:auto;font-size:13px}.pub{color:#070}.auth{color:#a50}';

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The docs page's own strict CSP: no script at all, and only its one inline stylesheet. */
export const DOCS_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

function escape(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders the OpenAPI document as static HTML on the server. No script runs in the
 * page, so the CSP can forbid all scripts (a Swagger UI bundle would need them).
 */
export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  const parts: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const body = (op.requestBody as Json | undefined)?.content as
        Record<string, Json> | undefined;
      const responses = Object.keys(op.responses as Json).join(', ');
      parts.push(
        `<div class="op"><span class="m">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code> ` +
          `<span class="${isPublic ? 'pub' : 'auth'}">${isPublic ? 'public' : 'authenticated'}</span>` +
          `<p>${escape(op.summary)} — permission <code>${escape(op['x-rampart-permission'])}</code></p>` +
          (body
            ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(body['application/json']?.schema, null, 2))}</pre></details>`
            : '') +
          `<p>Responses: ${escape(responses)}</p></div>`,
      );
    }
  }
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title><style>${STYLE}</style></head>` +
    `<body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1><p>${escape(info.description ?? '')}</p>` +
    `<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1)</p><h2>Operations</h2>${parts.join('')}</body></html>`
  );
}
