/**
 * One row per refresh token. Rows of one login share `family_id`, which is the session id
 * carried by access tokens (`sid`): revoking the family revokes the session.
 */
export interface RefreshSessionsTable {
  id: string;
  family_id: string;
  user_id: string;
  organization_id: string;
  token_hash: string;
  created_at: string;
  last_used_at: string;
  /** Idle expiry: last use + idle timeout, capped by the absolute expiry. */
  expires_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  /** Set when this token was rotated: presenting it again is reuse. */
  replaced_by: string | null;
}

export interface RefreshSessionTables {
  refresh_sessions: RefreshSessionsTable;
}
