/**
 * Why a policy said no. Stable codes: they reach logs and security events (never the
 * client, which only sees 403 or 404), and tests assert them.
 */
export type DenyReason =
  /** The object belongs to another organization (answer 404, never 403). */
  | 'TENANT_MISMATCH'
  /** The object is someone else's and the caller's role only reaches its own (404). */
  | 'NOT_OWNER'
  /** The object is in a state that forbids the action (a paid or void invoice). */
  | 'IMMUTABLE'
  /** The caller's role is too low for the target or for the role being granted. */
  | 'ROLE_TOO_LOW'
  /** The principal lacks the permission (or the API key lacks the scope). */
  | 'MISSING_PERMISSION'
  /** The principal kind may not do this (e.g. an API key managing users). */
  | 'PRINCIPAL_KIND'
  /** A user acting on their own account where the rules forbid it (self-demotion). */
  | 'SELF'
  /** Nothing allowed it: the default. */
  | 'NO_RULE';

/** The answer of a policy: data, not an exception (STYLE.md rule 8). */
export type Decision =
  { readonly allow: true } | { readonly allow: false; readonly reason: DenyReason };

const ALLOW: Decision = Object.freeze({ allow: true });
const DENIALS = new Map<DenyReason, Decision>();

/** The shared "yes" (allocation-free on the hot path). */
export function allow(): Decision {
  return ALLOW;
}

/** A frozen, shared "no" with its reason. */
export function deny(reason: DenyReason): Decision {
  let decision = DENIALS.get(reason);
  if (decision === undefined) {
    decision = Object.freeze({ allow: false, reason });
    DENIALS.set(reason, decision);
  }
  return decision;
}

/**
 * Runs checks in order and returns the first denial, or allow when every check allows.
 * Order matters: tenant equality goes first so that "another tenant's" is never reported
 * as anything else.
 *
 * @example
 * firstDenial(() => sameTenant(principal, invoice), () => ownsOrReaches(principal, invoice, reach))
 */
export function firstDenial(...checks: readonly (() => Decision)[]): Decision {
  for (const check of checks) {
    const decision = check();
    if (!decision.allow) return decision;
  }
  return ALLOW;
}

/**
 * Whether a denial must look like "not found" to the caller (API.md: another tenant's
 * object, or one the caller may not see, answers 404 — a 403 would confirm it exists).
 */
export function hidesExistence(decision: Decision): boolean {
  return (
    !decision.allow && (decision.reason === 'TENANT_MISMATCH' || decision.reason === 'NOT_OWNER')
  );
}
