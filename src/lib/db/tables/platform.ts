/** Kysely row types for migrations/0001_platform.sql. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface TenantsTable {
  id: Generated<string>;
  handle: string;
  name: string;
  status: ColumnType<'active' | 'suspended' | 'deleted', 'active' | 'suspended' | 'deleted' | undefined>;
  plan: Generated<string>;
  currency: Generated<string>;
  timezone: Generated<string>;
  suspended_reason: string | null;
  suspended_at: Timestamp | null;
  /** Added by 0030_stores.sql: end of the signup trial. */
  trial_ends_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CustomDomainsTable {
  tenant_id: string;
  domain: string;
  verification_token: Generated<string>;
  verified_at: Timestamp | null;
  created_at: CreatedAt;
  /** Added by 0160_custom_domain_checks.sql. */
  last_checked_at: Timestamp | null;
  last_check_error: string | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  name: string | null;
  email_verified_at: Timestamp | null;
  is_platform_admin: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type MembershipRole = 'owner' | 'admin' | 'staff';

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: CreatedAt;
}

export interface OutboxTable {
  tenant_id: string;
  id: Generated<number>;
  topic: string;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  available_at: Timestamp;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  scope: string;
  key: string;
  request_hash: string;
  status: ColumnType<'in_progress' | 'completed', 'in_progress' | 'completed' | undefined>;
  response_status: number | null;
  response_body: Json<Record<string, unknown>> | null;
  created_at: CreatedAt;
}

export type ActorType = 'user' | 'customer' | 'platform_admin' | 'system' | 'anonymous';

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<number>;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

/** rate-limiter-flexible's PostgreSQL store (migration 0100): points in the window, expiry in epoch ms. */
export interface RateLimitsTable {
  key: string;
  points: number;
  expire: number | null;
}

export interface PlatformTables {
  tenants: TenantsTable;
  custom_domains: CustomDomainsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
}
