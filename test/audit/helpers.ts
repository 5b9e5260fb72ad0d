// Shared set-up for the audit tests: audit options pointing at a running fixture target.
import type { AuditInput } from '../../src/audit/index.js';
import type { AuditTarget } from '../fixtures/audit-target/server.js';

/** Full credentials for the target; tests run fast (high pacing) unless they say otherwise. */
export function inputFor(target: AuditTarget, extra: Partial<AuditInput> = {}): AuditInput {
  const { alice, bob, vera } = target.credentials;
  return {
    target: target.origin,
    ca: target.ca,
    httpPort: target.httpPort,
    userA: { kind: 'login', email: alice.email, password: alice.password },
    userB: { kind: 'login', email: bob.email, password: bob.password },
    userLow: { kind: 'login', email: vera.email, password: vera.password },
    maxRps: 2000,
    ...extra,
  };
}
