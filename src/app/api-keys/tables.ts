/** Lifecycle state of a stored key. `rotated`: replaced, valid until `grace_ends_at`. */
export type ApiKeyState = 'active' | 'rotated' | 'revoked';

/**
 * One API key at rest: never the key itself, only its keyed hash (HMAC-SHA-256 with the
 * pepper `pepper_version`) plus what is needed to show and govern it.
 */
export interface ApiKeysTable {
  /** Public id `key_…`, also embedded in the key (lookup is a primary-key read). */
  id: string;
  organization_id: string;
  /** The user who created the key; the key never has more rights than they do now. */
  created_by: string;
  name: string;
  /** `live` | `test` */
  environment: string;
  /** Display prefix, e.g. `sk_live_ab`. */
  prefix: string;
  last4: string;
  hash: string;
  pepper_version: string;
  /** JSON array of scopes. */
  scopes: string;
  state: ApiKeyState;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  /** Rotation: the old key keeps working until then. */
  grace_ends_at: string | null;
  revoked_at: string | null;
  /** The key this one replaced by rotation. */
  rotated_from: string | null;
}

export interface ApiKeyTables {
  api_keys: ApiKeysTable;
}
