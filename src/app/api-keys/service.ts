import {
  RampartError,
  generateApiKey,
  type ApiKeyEnvironment,
  type ApiKeyHasher,
  type EventContext,
  type RevocationSignal,
  type SecurityEvents,
} from '../../kit/index.js';
import { rbac } from '../domain/roles.js';
import type { ApiKeysRepository, MaskedApiKey } from './repository.js';

/** Longest rotation grace period: one week, as the widest safe overlap for deploys. */
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;
export const MAX_EXPIRES_IN_DAYS = 3650;

export interface NewKeyInput {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresInDays?: number | undefined;
}

/** A key just made: the masked view plus the full key, to be shown exactly once. */
export interface IssuedApiKey extends MaskedApiKey {
  readonly key: string;
}

/** Who acts on keys: the organization and the user (keys never manage keys). */
export interface KeyActor {
  readonly organizationId: string;
  readonly userId: string;
  /** The actor's current permissions: a new key's scopes must be a subset. */
  readonly permissions: ReadonlySet<string>;
}

export interface ApiKeyServiceDeps {
  readonly repository: ApiKeysRepository;
  readonly hasher: ApiKeyHasher;
  readonly events: SecurityEvents;
  readonly signal: RevocationSignal;
  readonly environment: ApiKeyEnvironment;
  /** Drops local cache entries of a key at once (the epoch tells the other instances). */
  readonly forgetLocally: (keyId: string) => void;
  readonly now?: () => number;
}

/** Key management use cases: create, list, rotate, revoke, revoke a creator's keys. */
export class ApiKeyService {
  readonly #d: ApiKeyServiceDeps;
  readonly #now: () => number;

  constructor(deps: ApiKeyServiceDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Creates a key for `actor`; its scopes may not exceed the actor's rights (403). */
  async create(actor: KeyActor, input: NewKeyInput, context: EventContext): Promise<IssuedApiKey> {
    const excess = input.scopes.filter((s) => !actor.permissions.has(s));
    if (excess.length > 0)
      throw new RampartError('FORBIDDEN', {
        detail: `A key cannot carry rights its creator lacks: ${excess.join(', ')}.`,
        internal: 'api key scope exceeds creator rights',
      });
    const now = this.#now();
    const expiresAt =
      input.expiresInDays === undefined
        ? null
        : new Date(now + input.expiresInDays * 86_400_000).toISOString();
    const issued = await this.#issue(actor.organizationId, actor.userId, input, expiresAt, null);
    await this.#d.events.record('api_key.created', context, {
      keyId: issued.id,
      scopes: issued.scopes,
    });
    return issued;
  }

  /** Bootstrap (CLI): a key for `creatorId`, whose current role bounds the scopes. */
  createForCreator(
    organizationId: string,
    creator: { readonly id: string; readonly role: string },
    input: NewKeyInput,
  ): Promise<IssuedApiKey> {
    return this.create(
      { organizationId, userId: creator.id, permissions: rbac.permissionsOf(creator.role) },
      input,
      { organizationId, principalId: creator.id },
    );
  }

  list(
    organizationId: string,
    limit: number,
    after: { createdAt: string; id: string } | undefined,
  ): Promise<MaskedApiKey[]> {
    return this.#d.repository.list(
      organizationId,
      new Date(this.#now()).toISOString(),
      limit,
      after,
    );
  }

  /**
   * Replaces a key: a new key with the same name, scopes and expiry, created by the actor
   * (who receives the secret); the old one
   * keeps working for `graceSeconds` (0: stops now). 404 for a key not in the org or
   * revoked; 409 for a key already rotated.
   */
  async rotate(
    actor: KeyActor,
    keyId: string,
    graceSeconds: number,
    context: EventContext,
  ): Promise<IssuedApiKey> {
    const old = await this.#d.repository.findManageable(actor.organizationId, keyId);
    if (old === undefined) throw new RampartError('NOT_FOUND');
    if (old.state !== 'active')
      throw new RampartError('CONFLICT', { detail: 'This key has already been rotated.' });
    // The new secret goes to the actor, so the actor becomes its creator: the key then
    // lives and dies with the actor's own rights (deletion or demotion revokes it). An
    // actor whose rights are narrower than the key's scopes may not mint it at all.
    const scopes = JSON.parse(old.scopes) as string[];
    if (scopes.some((scope) => !actor.permissions.has(scope))) {
      throw new RampartError('FORBIDDEN', { internal: 'rotation would exceed the actor rights' });
    }
    const now = this.#now();
    const generated = generateApiKey(this.#d.environment);
    const row = this.#row(
      generated,
      actor.organizationId,
      actor.userId,
      { name: old.name, scopes },
      old.expires_at,
      keyId,
      now,
    );
    const graceEndsAt = new Date(now + graceSeconds * 1000).toISOString();
    const masked = await this.#d.repository.rotate(actor.organizationId, keyId, graceEndsAt, row);
    if (masked === undefined)
      throw new RampartError('CONFLICT', { detail: 'This key has already been rotated.' });
    await this.#changed(keyId);
    await this.#d.events.record('api_key.rotated', context, {
      keyId,
      newKeyId: generated.keyId,
      graceSeconds,
    });
    return { ...masked, key: generated.key };
  }

  /** Revokes a key of the organization: 401 on every instance within a second. */
  async revoke(organizationId: string, keyId: string, context: EventContext): Promise<void> {
    const done = await this.#d.repository.revoke(
      organizationId,
      keyId,
      new Date(this.#now()).toISOString(),
    );
    if (!done) throw new RampartError('NOT_FOUND');
    await this.#changed(keyId);
    await this.#d.events.record('api_key.revoked', context, { keyId });
  }

  /**
   * Revokes every key `userId` created (call on user deletion: keys must not outlive
   * the person accountable for them). Idempotent; returns how many were revoked.
   */
  async revokeAllCreatedBy(userId: string, context: EventContext): Promise<number> {
    const ids = await this.#d.repository.revokeAllCreatedBy(
      userId,
      new Date(this.#now()).toISOString(),
    );
    if (ids.length === 0) return 0;
    for (const id of ids) this.#d.forgetLocally(id);
    await this.#bump();
    for (const keyId of ids) await this.#d.events.record('api_key.revoked', context, { keyId });
    return ids.length;
  }

  /**
   * A key creator's rights changed (role change, suspension): cached principals of their
   * keys are dropped everywhere, so the next request sees the new role.
   */
  async creatorChanged(): Promise<void> {
    await this.#bump();
  }

  async #changed(keyId: string): Promise<void> {
    this.#d.forgetLocally(keyId);
    await this.#bump();
  }

  /**
   * The database already holds the change; if the shared epoch cannot be moved (Redis
   * down), other instances stop trusting their caches within a second anyway (their
   * epoch reads fail too), so the request still succeeds.
   */
  async #bump(): Promise<void> {
    try {
      await this.#d.signal.bump();
    } catch {
      // See above: fail-safe by construction, nothing to undo.
    }
  }

  async #issue(
    organizationId: string,
    createdBy: string,
    input: NewKeyInput,
    expiresAt: string | null,
    rotatedFrom: string | null,
  ): Promise<IssuedApiKey> {
    const generated = generateApiKey(this.#d.environment);
    const row = this.#row(
      generated,
      organizationId,
      createdBy,
      input,
      expiresAt,
      rotatedFrom,
      this.#now(),
    );
    const masked = await this.#d.repository.insert(row);
    return { ...masked, key: generated.key };
  }

  #row(
    generated: ReturnType<typeof generateApiKey>,
    organizationId: string,
    createdBy: string,
    input: Pick<NewKeyInput, 'name' | 'scopes'>,
    expiresAt: string | null,
    rotatedFrom: string | null,
    now: number,
  ) {
    const { hash, pepperVersion } = this.#d.hasher.hash(generated.key);
    return {
      id: generated.keyId,
      organization_id: organizationId,
      created_by: createdBy,
      name: input.name,
      environment: generated.environment,
      prefix: generated.prefix,
      last4: generated.last4,
      hash,
      pepper_version: pepperVersion,
      scopes: JSON.stringify([...new Set(input.scopes)]),
      state: 'active' as const,
      created_at: new Date(now).toISOString(),
      expires_at: expiresAt,
      rotated_from: rotatedFrom,
    };
  }
}
