import type { Decision, Principal, SecurityEvents } from '../../kit/index.js';

/** Where a request came from, for the security event. */
export interface RequestWhere {
  readonly ip: string;
  readonly requestId: string;
  readonly route: string;
}

/** Where a scoped miss came from (the client sees 404 in every case). */
export type MissKind = 'absent' | 'other_tenant' | 'not_visible';

function eventContext(principal: Principal, where: RequestWhere) {
  return {
    organizationId: principal.organizationId,
    principalId: principal.id,
    ip: where.ip,
    requestId: where.requestId,
  };
}

/** Records a policy denial (`authz.denied` with its reason code). Never throws. */
export function recordDenial(
  events: SecurityEvents,
  principal: Principal,
  where: RequestWhere,
  decision: Decision,
): void {
  if (decision.allow) return;
  void events.record('authz.denied', eventContext(principal, where), {
    reason: decision.reason,
    route: where.route,
  });
}

/**
 * Records what a scoped miss was: another tenant's object (`authz.cross_tenant_denied`),
 * a same-tenant object the caller may not see (`authz.denied` NOT_OWNER), or nothing.
 */
export function recordMiss(
  events: SecurityEvents,
  principal: Principal,
  where: RequestWhere,
  kind: MissKind,
  resource: string,
): void {
  if (kind === 'other_tenant') {
    void events.record('authz.cross_tenant_denied', eventContext(principal, where), { resource });
  } else if (kind === 'not_visible') {
    void events.record('authz.denied', eventContext(principal, where), {
      reason: 'NOT_OWNER',
      route: where.route,
    });
  }
}
