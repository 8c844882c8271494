/** Restock admin API schemas. Money: minor units. */
import { z } from '../../lib/http/openapi.js';

export const ZSupplierInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320).nullable().optional(),
    leadTimeDays: z.number().int().min(0).max(365).optional(),
    moq: z.number().int().min(1).max(1_000_000).optional(),
    packSize: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type SupplierInput = z.infer<typeof ZSupplierInput>;
export const ZSupplierPatch = ZSupplierInput.partial().strict();

export const ZSupplier = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    leadTimeDays: z.number().int(),
    moq: z.number().int(),
    packSize: z.number().int(),
  })
  .openapi('Supplier');

/** A variant's preferred supplier; lead time, MOQ and pack size override the supplier's own (null: its default). */
export const ZLinkInput = z
  .object({
    supplierId: z.string(),
    unitCost: z.number().int().min(0).max(1_000_000_000_000),
    leadTimeDays: z.number().int().min(0).max(365).nullable().optional(),
    moq: z.number().int().min(1).max(1_000_000).nullable().optional(),
    packSize: z.number().int().min(1).max(100_000).nullable().optional(),
  })
  .strict();
export type LinkInput = z.infer<typeof ZLinkInput>;

export const ZRestockSettings = z
  .object({
    serviceLevelBp: z.number().int().min(5000).max(9990),
    coverDays: z.number().int().min(1).max(365),
    historyDays: z.number().int().min(7).max(1095),
  })
  .openapi('RestockSettings');
export type RestockSettings = z.infer<typeof ZRestockSettings>;

export const ZPlanItem = z
  .object({
    variantId: z.string(),
    sku: z.string(),
    available: z.number().int(),
    onOrder: z.number().int(),
    // The chosen forecasting method, or why none was (issue #16).
    method: z.string(),
    status: z.enum(['ok', 'short_history', 'no_demand', 'stopped']),
    demandClass: z.enum(['smooth', 'erratic', 'intermittent', 'lumpy']),
    reason: z.string(),
    explanation: z.string(),
    meanDaily: z.number(),
    sigma: z.number(),
    safetyStock: z.number().int(),
    reorderPoint: z.number().int(),
    orderQuantity: z.number().int(),
    supplierId: z.string().nullable(),
    unitCost: z.number().int().nullable(),
  })
  .openapi('RestockPlanItem');
export type PlanItem = z.infer<typeof ZPlanItem>;

export const ZPurchaseOrder = z
  .object({
    id: z.string(),
    supplierId: z.string(),
    supplierName: z.string(),
    supplierEmail: z.string().nullable(),
    status: z.enum(['draft', 'ordered', 'received', 'cancelled']),
    total: z.number().int(),
    note: z.string().nullable(),
    /** The address the order was emailed to ("send"), null when marked ordered without email. */
    sentTo: z.string().nullable(),
    createdAt: z.string(),
    lines: z.array(
      z.object({
        variantId: z.string(),
        sku: z.string(),
        quantity: z.number().int(),
        unitCost: z.number().int(),
        receivedQuantity: z.number().int(),
      }),
    ),
  })
  .openapi('PurchaseOrder');
export type PurchaseOrder = z.infer<typeof ZPurchaseOrder>;

const ZLineQty = z
  .object({ variantId: z.string(), quantity: z.number().int().min(0).max(1_000_000) })
  .strict();

/** Edit a draft: each line's quantity (0 removes it) and unit cost; a note for the supplier. */
export const ZPurchaseOrderEdit = z
  .object({
    lines: z
      .array(
        ZLineQty.extend({ unitCost: z.number().int().min(0).max(1_000_000_000_000).optional() }).strict(),
      )
      .min(1)
      .max(500),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
export type PurchaseOrderEdit = z.infer<typeof ZPurchaseOrderEdit>;

/** Receive part of an ordered PO: units arrived per line (0 = none of that line yet). */
export const ZReceiveLines = z.object({ lines: z.array(ZLineQty).min(1).max(500) }).strict();
export type ReceiveLines = z.infer<typeof ZReceiveLines>;
