import Type from 'typebox';
import { DOCS_CSP, renderDocsPage } from './docs-page.js';
import { NoHeaders, NoInput } from './no-input.js';
import type { OpenApiInfo } from './openapi.js';
import { defineRoute, type RouteDeclaration } from './route.js';

export interface ReadinessReport {
  readonly ready: boolean;
  /** One entry per dependency: `ok`, `degraded` (working on a fallback) or `down`. */
  readonly checks: Readonly<Record<string, 'ok' | 'degraded' | 'down'>>;
}

export type Readiness = () => Promise<ReadinessReport>;

const Status = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.String(),
  checks: Type.Record(Type.String(), Type.String()),
});
const OpenApiDocument = Type.Object(
  {},
  { additionalProperties: true, description: 'OpenAPI 3.1 document' },
);
const none = { params: NoInput, query: NoInput, body: NoInput, headers: NoHeaders };

/** The routes every Rampart service has: probes, the OpenAPI document and its rendering. */
export function kitRoutes(
  openapi: () => Record<string, unknown>,
  readiness: Readiness,
  info: OpenApiInfo,
): RouteDeclaration[] {
  let docsHtml: string | undefined;
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'getHealth',
      summary: 'Liveness probe',
      tags: ['operations'],
      auth: 'public',
      permission: 'public',
      rateLimit: 'exempt',
      input: none,
      responses: { 200: Status },
      handler: () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      operationId: 'getReadiness',
      summary: 'Readiness probe: database (and shared store) reachable',
      tags: ['operations'],
      auth: 'public',
      permission: 'public',
      rateLimit: 'exempt',
      input: none,
      responses: { 200: Ready, 503: Ready },
      handler: async () => {
        const report = await readiness();
        return {
          status: report.ready ? 200 : 503,
          body: { status: report.ready ? 'ready' : 'unavailable', checks: { ...report.checks } },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/openapi.json',
      operationId: 'getOpenApi',
      summary: `OpenAPI 3.1 document of ${info.title}`,
      tags: ['docs'],
      auth: 'public',
      permission: 'public',
      rateLimit: 'default',
      input: none,
      responses: { 200: OpenApiDocument },
      contentType: 'application/json; charset=utf-8',
      handler: () => ({ status: 200, body: JSON.stringify(openapi()) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/docs',
      operationId: 'getDocs',
      summary: 'API reference rendered as HTML',
      tags: ['docs'],
      auth: 'public',
      permission: 'public',
      rateLimit: 'default',
      input: none,
      responses: { 200: Type.String({ description: 'HTML page', maxLength: 1_000_000 }) },
      contentType: 'text/html; charset=utf-8',
      contentSecurityPolicy: DOCS_CSP,
      handler: () => ({ status: 200, body: (docsHtml ??= renderDocsPage(openapi())) }),
    }),
  ];
}
