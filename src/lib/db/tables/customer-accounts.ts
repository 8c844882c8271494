/** Tables of shopper accounts (migrations 0230–0239). */
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './platform.js';

/** Added by 0230_customer_accounts.sql: saved addresses, at most one default per shopper. */
export interface CustomerAddressesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string;
  country: string;
  phone: string | null;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CustomerAccountTables {
  customer_addresses: CustomerAddressesTable;
}
