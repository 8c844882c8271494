/**
 * The numbers on a store's admin overview: products, orders, revenue this
 * month (paid orders since the start of the month in the store's time zone,
 * net of refunds, minor units), open low-stock alerts. Read inside the
 * store's own tenant transaction. Robust to areas another module has not
 * migrated yet: a missing table counts as zero.
 */
import { withTenant } from '../../lib/db/index.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import {
  countOpenAlerts,
  countProductsByStatus,
  countTenantRows,
  summariseOrdersThisMonth,
} from './repository.js';

export interface StoreOverview {
  products: number;
  activeProducts: number;
  orders: number;
  ordersThisMonth: number;
  revenueThisMonth: number;
  openAlerts: number | null;
  customers: number;
  currency: string;
}

export async function getStoreOverview(deps: Deps, tenant: TenantInfo): Promise<StoreOverview> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const products = await countProductsByStatus(trx, tenant.id);
    const orders = await summariseOrdersThisMonth(trx, tenant.id, tenant.timezone);
    const customers = await countTenantRows(trx, 'customers', tenant.id);
    const openAlerts = await countOpenAlerts(trx, tenant.id);
    return {
      products: products.all,
      activeProducts: products.active,
      orders: orders.all,
      ordersThisMonth: orders.thisMonth,
      revenueThisMonth: orders.revenueThisMonth,
      openAlerts,
      customers,
      currency: tenant.currency,
    };
  });
}
