import type { Principal } from '../../kit/index.js';
import { API_KEY_SCOPES, rbac } from '../domain/roles.js';
import type { KeyForVerification } from './repository.js';

const KEY_SCOPES: ReadonlySet<string> = new Set(API_KEY_SCOPES);

/**
 * A key's rights: its scopes ∩ its creator's current role rights ∩ what keys may ever
 * carry. So a key never exceeds its creator, follows a demotion, and can never manage
 * keys or users even if a bad row said so.
 */
export function keyPermissions(scopes: readonly string[], creatorRole: string): Set<string> {
  const rights = rbac.permissionsOf(creatorRole);
  return new Set(scopes.filter((s) => KEY_SCOPES.has(s) && rights.has(s as never)));
}

/** Why a stored key may not act now, beyond the kit's checks; undefined when it may. */
export function creatorProblem(key: KeyForVerification, environment: string): string | undefined {
  if (key.environment !== environment) return 'wrong_environment';
  const creator = key.creator;
  if (creator === undefined) return 'creator_missing';
  if (creator.status !== 'active') return 'creator_inactive';
  if (creator.organizationId !== key.organizationId) return 'creator_moved';
  return undefined;
}

/** The machine principal of a verified key. Frozen: cached and shared across requests. */
export function apiKeyPrincipal(key: KeyForVerification): Principal {
  const role = key.creator?.role ?? '';
  return Object.freeze({
    kind: 'apiKey' as const,
    id: key.id,
    organizationId: key.organizationId,
    role,
    permissions: Object.freeze(keyPermissions(key.scopes, role)),
    userId: key.createdBy,
    sessionId: undefined,
  });
}
