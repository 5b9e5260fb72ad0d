import type { Kysely } from 'kysely';
import { randomId } from '../crypto/random.js';
import type { KitTables } from '../store/kit-migrations.js';
import type { Logger } from './logger.js';

/**
 * The event types and the safe details each carries. Details are data chosen by the
 * emitter from this list, never request bodies, tokens or keys (a key appears by id).
 */
export interface SecurityEventDetails {
  'auth.login.succeeded': { email?: string };
  'auth.login.failed': { reason: 'unknown_account' | 'bad_password' | 'locked' | 'throttled' };
  'auth.token.rejected': { reason: string };
  'auth.refresh.rotated': { sessionId: string };
  'auth.refresh.reuse_detected': { sessionId: string; familyId: string };
  'auth.session.revoked': { sessionId: string; reason: string };
  'auth.sessions.revoked_all': { reason: string; count?: number };
  'auth.lockout.started': { scope: 'account_ip' | 'ip' | 'account'; seconds: number };
  'auth.lockout.released': { scope: 'account_ip' | 'ip' | 'account' };
  'auth.cross_site_rejected': { origin?: string };
  'api_key.created': { keyId: string; scopes: readonly string[] };
  'api_key.rotated': { keyId: string; newKeyId: string; graceSeconds: number };
  'api_key.revoked': { keyId: string };
  'api_key.expired_used': { keyId: string };
  'api_key.verify_failed': { keyId?: string; reason: string };
  'api_key.in_query_rejected': Record<string, never>;
  'authz.denied': { permission?: string; reason: string; route?: string };
  'authz.cross_tenant_denied': { resource: string };
  'user.invited': { userId: string; role: string };
  'user.invitation_accepted': { userId: string };
  'user.role_changed': { userId: string; from: string; to: string };
  'user.deleted': { userId: string };
  'rate_limit.exceeded': { level: string; route?: string };
  'store.unavailable': { store: string };
  'store.recovered': { store: string };
  'request.credential_in_query': { parameter: string };
}

export type SecurityEventType = keyof SecurityEventDetails;

/** Who and where: taken from the request by the HTTP layer. */
export interface EventContext {
  readonly organizationId?: string | undefined;
  readonly principalId?: string | undefined;
  readonly ip?: string | undefined;
  readonly requestId?: string | undefined;
}

export interface SecurityEvent {
  readonly id: string;
  readonly type: SecurityEventType;
  readonly organizationId: string | null;
  readonly principalId: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
}

export type SecurityEventListener = (event: SecurityEvent) => void;

/**
 * The one home of security events: stored durably (SQL), logged, counted and handed to
 * listeners (detectors, alert sinks). Recording never throws: a failure to store is
 * logged as an error and the request goes on.
 */
export class SecurityEvents {
  readonly #db: Kysely<KitTables>;
  readonly #logger: Logger;
  readonly #listeners: SecurityEventListener[] = [];
  readonly counts = new Map<SecurityEventType, number>();

  constructor(db: Kysely<KitTables>, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  onEvent(listener: SecurityEventListener): void {
    this.#listeners.push(listener);
  }

  async record<T extends SecurityEventType>(
    type: T,
    context: EventContext,
    details: SecurityEventDetails[T],
  ): Promise<void> {
    const event: SecurityEvent = {
      id: randomId('evt'),
      type,
      organizationId: context.organizationId ?? null,
      principalId: context.principalId ?? null,
      ip: context.ip ?? null,
      requestId: context.requestId ?? null,
      details: details,
      createdAt: new Date().toISOString(),
    };
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    this.#logger.warn(
      {
        securityEvent: type,
        eventId: event.id,
        requestId: event.requestId,
        principalId: event.principalId,
        organizationId: event.organizationId,
        ip: event.ip,
        details: event.details,
      },
      'security event',
    );
    try {
      await this.#db
        .insertInto('security_events')
        .values({
          id: event.id,
          type,
          organization_id: event.organizationId,
          principal_id: event.principalId,
          ip: event.ip,
          request_id: event.requestId,
          details: JSON.stringify(event.details),
          created_at: event.createdAt,
        })
        .execute();
    } catch (error) {
      this.#logger.error({ err: error, eventId: event.id }, 'security event could not be stored');
    }
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.error({ err: error }, 'security event listener failed');
      }
    }
  }
}
