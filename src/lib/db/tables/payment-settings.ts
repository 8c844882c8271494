/** Kysely row types for migrations/0140_payment_settings.sql. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './platform.js';

export type ManualMethod = 'transfer' | 'cash_on_delivery';

export interface PaymentSettingsTable {
  tenant_id: string;
  manual_enabled: Generated<boolean>;
  manual_method: ColumnType<ManualMethod, ManualMethod | undefined, ManualMethod>;
  instructions: Generated<string>;
  hold_days: Generated<number>;
  updated_at: Timestamp;
}

export interface PaymentSettingsTables {
  payment_settings: PaymentSettingsTable;
}
