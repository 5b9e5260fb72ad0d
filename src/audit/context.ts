// What every check receives: the bounded HTTP client, the API model, the audit users, the
// objects the audit created, and a way to report findings with masked evidence.
import { catalogueItem } from './catalogue.js';
import { formatEvidence, type Exchange, type HttpClient, type RequestSpec } from './http/client.js';
import type { ApiModel, Operation } from './openapi/model.js';
import type { AuditOptions } from './options.js';
import type { OwnObjects } from './own-objects.js';
import type { Evidence, Finding, Severity } from './types.js';

export interface Principal {
  label: 'user A' | 'user B' | 'low user';
  token: string;
  email: string | undefined;
  password: string | undefined;
  /** The login answer when the audit logged in itself (refresh-cookie check reads it). */
  login: Exchange | undefined;
  /** Subject and organization as reported by the API (`/v1/me`) or the token, when known. */
  userId: string | undefined;
  orgId: string | undefined;
}

/** Who a request is sent as: a principal, no credentials, or an explicit raw bearer value. */
export type As = Principal | 'anonymous' | { bearer: string };

export interface SendSpec extends RequestSpec {
  as?: As;
}

export interface ReportInput {
  detail: string;
  /** Exchanges are formatted and masked here; non-HTTP probes (TLS) pass ready-made evidence. */
  evidence: (Exchange | Evidence)[];
  location: string;
  severity?: Severity;
}

export class SkipCheck extends Error {}

export interface CheckContext {
  readonly options: AuditOptions;
  readonly http: HttpClient;
  readonly api: ApiModel | undefined;
  readonly userA: Principal | undefined;
  readonly userB: Principal | undefined;
  readonly userLow: Principal | undefined;
  /** A cheap authenticated GET without parameters (`/v1/me` if there is one). */
  readonly probe: Operation | undefined;
  readonly objects: OwnObjects;
  send(spec: SendSpec): Promise<Exchange>;
  report(itemId: string, input: ReportInput): void;
  note(text: string): void;
  /** Ends the check as skipped with a reason. */
  skip(reason: string): never;
}

export function authHeaders(as: As | undefined): Record<string, string> {
  if (as === undefined || as === 'anonymous') return {};
  if ('bearer' in as) return { authorization: `Bearer ${as.bearer}` };
  return { authorization: `Bearer ${as.token}` };
}

export function sendAs(http: HttpClient, spec: SendSpec): Promise<Exchange> {
  const { as, ...rest } = spec;
  return http.send({ ...rest, headers: { ...authHeaders(as), ...rest.headers } });
}

/** Collects findings of one check; repeated findings for the same item and location merge their evidence. */
export class FindingSink {
  readonly findings: Finding[] = [];
  constructor(private readonly http: HttpClient) {}

  add(itemId: string, input: ReportInput): void {
    const entry = catalogueItem(itemId);
    const evidence = input.evidence.slice(0, 3).map((item) =>
      'seq' in item
        ? formatEvidence(this.http.masker, item)
        : {
            request: this.http.masker.mask(item.request),
            response: this.http.masker.mask(item.response),
          },
    );
    const existing = this.findings.find(
      (f) => f.itemId === itemId && f.location === input.location,
    );
    if (existing) {
      if (existing.evidence.length < 3)
        existing.evidence.push(...evidence.slice(0, 3 - existing.evidence.length));
      return;
    }
    this.findings.push({
      itemId,
      section: entry.section,
      title: entry.title,
      severity: input.severity ?? entry.severity,
      detail: this.http.masker.mask(input.detail),
      evidence,
      fix: entry.fix,
      location: input.location,
    });
  }
}
