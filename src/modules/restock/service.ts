/**
 * Restock's transaction owners: every surface (admin API, admin pages, the
 * `restock` queue) calls these with validated input; each opens ONE tenant
 * transaction and runs the in-transaction functions of ./settings.ts,
 * ./suppliers.ts, ./planning.ts and ./purchase-orders.ts inside it.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import type { StockActor } from '../inventory/service.js';
import { safeTimeZone } from '../jobs/schedulers.js';
import { getCurrentTenant } from '../tenancy/repository.js';
import { computePlan, draftPurchaseOrders } from './planning.js';
import {
  editDraftPurchaseOrder,
  getPurchaseOrder,
  listPurchaseOrders,
  type PurchaseOrderTarget,
  receivePurchaseOrderLines,
  transitionPurchaseOrder,
} from './purchase-orders.js';
import type {
  LinkInput,
  PurchaseOrderEdit,
  ReceiveLines,
  RestockSettings,
  SupplierInput,
} from './schemas.js';
import { sendPurchaseOrder } from './send-purchase-order.js';
import { getRestockSettings, updateRestockSettings } from './settings.js';
import {
  createSupplier,
  deleteSupplier,
  getSupplier,
  linkSkuToSupplier,
  linkVariantSupplier,
  listSuppliers,
  updateSupplier,
} from './suppliers.js';

export const getStoreRestockSettings = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => getRestockSettings(trx, tenantId));

export const updateStoreRestockSettings = (db: Db, tenantId: string, patch: Partial<RestockSettings>) =>
  withTenant(db, tenantId, (trx) => updateRestockSettings(trx, tenantId, patch));

export const getRestockPlan = (db: Db, tenantId: string, now: Date, timeZone: string) =>
  withTenant(db, tenantId, (trx) => computePlan(trx, tenantId, now, timeZone));

/** A merchant's "draft now": keyed by the moment, so each request drafts afresh. */
export const draftPurchaseOrdersNow = (db: Db, tenantId: string, now: Date, timeZone: string) =>
  withTenant(db, tenantId, (trx) =>
    draftPurchaseOrders(trx, tenantId, `manual:${now.toISOString()}`, now, timeZone),
  );

/** The `restock` queue's plan: drafts in the store's own time zone, idempotent by plan key. */
export const runRestockPlanJob = (db: Db, tenantId: string, planKey: string, now: Date) =>
  withTenant(db, tenantId, async (trx) => {
    const t = await getCurrentTenant(trx, tenantId);
    return draftPurchaseOrders(trx, tenantId, planKey, now, safeTimeZone(t?.timezone));
  });

export const listStorePurchaseOrders = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listPurchaseOrders(trx, tenantId));

export const getStorePurchaseOrder = (db: Db, tenantId: string, id: string) =>
  withTenant(db, tenantId, (trx) => getPurchaseOrder(trx, tenantId, id));

export const moveStorePurchaseOrder = (
  db: Db,
  tenantId: string,
  id: string,
  to: PurchaseOrderTarget,
  actor: StockActor,
) => withTenant(db, tenantId, (trx) => transitionPurchaseOrder(trx, tenantId, id, to, actor));

/** Everything the admin restock page shows, read in one transaction. */
export const getRestockOverview = (db: Db, tenantId: string, now: Date, timeZone: string) =>
  withTenant(db, tenantId, async (trx) => ({
    plan: await computePlan(trx, tenantId, now, timeZone),
    suppliers: await listSuppliers(trx, tenantId),
    pos: await listPurchaseOrders(trx, tenantId),
  }));

export const listStoreSuppliers = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listSuppliers(trx, tenantId));

export const getStoreSupplier = (db: Db, tenantId: string, id: string) =>
  withTenant(db, tenantId, (trx) => getSupplier(trx, tenantId, id));

export const createStoreSupplier = (db: Db, tenantId: string, input: SupplierInput, actor?: StockActor) =>
  withTenant(db, tenantId, (trx) => createSupplier(trx, tenantId, input, actor));

export const updateStoreSupplier = (
  db: Db,
  tenantId: string,
  id: string,
  input: Partial<SupplierInput>,
  actor?: StockActor,
) => withTenant(db, tenantId, (trx) => updateSupplier(trx, tenantId, id, input, actor));

export const deleteStoreSupplier = (db: Db, tenantId: string, id: string, actor?: StockActor) =>
  withTenant(db, tenantId, (trx) => deleteSupplier(trx, tenantId, id, actor));

export const linkStoreVariantSupplier = (
  db: Db,
  tenantId: string,
  variantId: string,
  input: LinkInput,
  actor?: StockActor,
) => withTenant(db, tenantId, (trx) => linkVariantSupplier(trx, tenantId, variantId, input, actor));

export const sendStorePurchaseOrder = (db: Db, tenantId: string, id: string, actor: StockActor) =>
  withTenant(db, tenantId, (trx) => sendPurchaseOrder(trx, tenantId, id, actor));

export const receiveStorePurchaseOrder = (
  db: Db,
  tenantId: string,
  id: string,
  input: ReceiveLines,
  actor: StockActor,
) => withTenant(db, tenantId, (trx) => receivePurchaseOrderLines(trx, tenantId, id, input, actor));

export const editStorePurchaseOrder = (
  db: Db,
  tenantId: string,
  id: string,
  input: PurchaseOrderEdit,
  actor: StockActor,
) => withTenant(db, tenantId, (trx) => editDraftPurchaseOrder(trx, tenantId, id, input, actor));

export const linkStoreSkuToSupplier = (
  db: Db,
  tenantId: string,
  sku: string,
  input: LinkInput,
  actor?: StockActor,
) => withTenant(db, tenantId, (trx) => linkSkuToSupplier(trx, tenantId, sku, input, actor));
