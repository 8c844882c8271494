/** Row types of the orders' tables, and who a timeline event names as its actor. */
import type { Selectable } from 'kysely';
import type { OrderLinesTable, OrdersTable } from '../../../lib/db/tables/commerce.js';

export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;

export interface Actor {
  type: 'user' | 'customer' | 'system';
  id: string | null;
}
