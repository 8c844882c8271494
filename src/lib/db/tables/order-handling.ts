/** Kysely row types for migrations/0120_order_handling.sql (shipments and refunds of orders). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from './platform.js';

/** jsonb written as a JSON string, read as the parsed value. */
type JsonCol<T> = ColumnType<T, string, string>;

export interface FulfilmentLineJson {
  lineId: string;
  quantity: number;
}

export interface RefundLineJson {
  lineId: string;
  quantity: number;
  restock: boolean;
}

export interface OrderFulfilmentsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  lines: JsonCol<FulfilmentLineJson[]>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface OrderRefundsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  amount: number;
  currency: string;
  provider: string;
  provider_reference: string | null;
  reason: string | null;
  lines: JsonCol<RefundLineJson[]>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface OrderHandlingTables {
  order_fulfilments: OrderFulfilmentsTable;
  order_refunds: OrderRefundsTable;
}
