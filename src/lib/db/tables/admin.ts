/** Tables of the merchant admin's own data (migrations 0110–0119). */
import type { Generated } from 'kysely';
import type { CreatedAt } from './platform.js';

/** Added by 0110_customer_notes.sql. */
export interface CustomerNotesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
}

export interface AdminTables {
  customer_notes: CustomerNotesTable;
}
