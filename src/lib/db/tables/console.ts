/** Kysely row types for the console's tables (migrations/0161_impersonations.sql). */
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './platform.js';

export interface ImpersonationsTable {
  tenant_id: string;
  id: Generated<string>;
  admin_user_id: string;
  owner_user_id: string;
  reason: string;
  token_hash: string;
  session_id: string | null;
  expires_at: Timestamp;
  redeemed_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ConsoleTables {
  impersonations: ImpersonationsTable;
}
