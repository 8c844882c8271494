/** Kysely row types for migrations/0030_stores.sql (store settings and content pages). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './platform.js';

/** jsonb written as a JSON string, read as the parsed value. */
type JsonCol<T> = ColumnType<T, string | undefined, string>;

export interface StoreThemeJson {
  colors?: Record<string, string>;
  fonts?: { heading?: string; body?: string };
}

export interface StoreNavJson {
  label: string;
  href: string;
}

export interface StoreSeoJson {
  title?: string;
  description?: string;
}

export interface StoreHomeJson {
  heroTitle?: string;
  heroText?: string;
  /** Product handles shown first on the home page. */
  featured?: string[];
}

export interface StoreSettingsTable {
  tenant_id: string;
  template: Generated<string>;
  tagline: string | null;
  theme: JsonCol<StoreThemeJson>;
  navigation: JsonCol<StoreNavJson[]>;
  seo: JsonCol<StoreSeoJson>;
  /** Added by 0031_store_home.sql. */
  home: JsonCol<StoreHomeJson>;
  contact_email: string | null;
  /** Added by 0121_store_logo.sql. */
  logo_url: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StorePagesTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  title: string;
  body: Generated<string>;
  published: Generated<boolean>;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** migrations/0310_store_closures.sql: a store being closed (grace period until purge_after). */
export interface StoreClosuresTable {
  tenant_id: string;
  requested_at: Timestamp;
  requested_by: string | null;
  reason: string | null;
  purge_after: Timestamp;
  reminder_sent_at: Timestamp | null;
  /** 'billing' when the store was suspended for billing as it closed: reopening restores it (0330). */
  resume_suspended_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** migrations/0310_store_closures.sql: what is left of a purged store (platform table, no tenant_id). */
export interface StoreTombstonesTable {
  id: Generated<number>;
  store_id: string;
  handle: string;
  name: string;
  owner_email: string | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
  close_reason: string | null;
  purged_at: Timestamp;
  purged_by: string | null;
  purge_reason: string | null;
  rows_removed: ColumnType<Record<string, number>, string, string>;
}

export interface StoresTables {
  store_settings: StoreSettingsTable;
  store_pages: StorePagesTable;
  store_closures: StoreClosuresTable;
  store_tombstones: StoreTombstonesTable;
}
