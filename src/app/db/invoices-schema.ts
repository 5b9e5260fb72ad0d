/** Kysely row types of the authorization capability's tables (migrations 1100_authz_*). */
export interface InvoicesTable {
  id: string;
  organization_id: string;
  owner_id: string;
  customer_name: string;
  customer_email: string;
  /** bigint: PostgreSQL returns it as a string, SQLite as a number; repositories convert. */
  amount_cents: number | string;
  currency: string;
  status: string;
  due_date: string;
  created_at: string;
  updated_at: string;
}

export interface InvitationsTable {
  id: string;
  organization_id: string;
  user_id: string;
  /** SHA-256 of the one-time token (256 random bits: a fast hash is enough). */
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_by: string;
  created_at: string;
}

export interface AuthzTables {
  invoices: InvoicesTable;
  invitations: InvitationsTable;
}
