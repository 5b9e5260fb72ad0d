import { RampartError } from '../errors/rampart-error.js';
import { hidesExistence, type Decision } from './decision.js';

/**
 * The HTTP face of a denial (API.md): another tenant's object, or one the caller may
 * not see, is 404 exactly like a missing one; a visible object the caller may not
 * change is 403. The reason stays internal (logs, security events).
 *
 * @example
 * const decision = invoicePolicy(principal, 'update', invoice);
 * if (!decision.allow) throw denialError(decision);
 */
export function denialError(decision: Decision): RampartError {
  const reason = decision.allow ? 'NO_RULE' : decision.reason;
  return hidesExistence(decision)
    ? new RampartError('NOT_FOUND', { internal: `authz: ${reason}` })
    : new RampartError('FORBIDDEN', { internal: `authz: ${reason}` });
}
