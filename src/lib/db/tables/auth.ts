/** Kysely row types for migrations 0035–0038 (sessions, email tokens, staff invitations, dev mailbox, login handoffs). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, MembershipRole, Timestamp } from './platform.js';

export type SessionKind = 'refresh' | 'page';
export type EmailTokenPurpose = 'verify' | 'reset';

export interface UserSessionsTable {
  id: Generated<string>;
  family_id: string;
  user_id: string;
  kind: SessionKind;
  site: Generated<string>;
  token_hash: string;
  csrf_token: string | null;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
  user_agent: string | null;
  ip: string | null;
}

export interface CustomerSessionsTable {
  tenant_id: string;
  id: Generated<string>;
  family_id: string;
  customer_id: string;
  kind: SessionKind;
  token_hash: string;
  csrf_token: string | null;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
  user_agent: string | null;
  ip: string | null;
}

export interface UserEmailTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: EmailTokenPurpose;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CustomerEmailTokensTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  purpose: EmailTokenPurpose;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
  /** 0230: the address a verify token proves (null for reset tokens). */
  email: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StaffInvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  role: MembershipRole;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface DevMailboxTable {
  id: Generated<number>;
  source_key: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface LoginHandoffsTable {
  id: Generated<string>;
  user_id: string;
  site: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AuthTables {
  login_handoffs: LoginHandoffsTable;
  user_sessions: UserSessionsTable;
  customer_sessions: CustomerSessionsTable;
  user_email_tokens: UserEmailTokensTable;
  customer_email_tokens: CustomerEmailTokensTable;
  staff_invitations: StaffInvitationsTable;
  dev_mailbox: DevMailboxTable;
}
