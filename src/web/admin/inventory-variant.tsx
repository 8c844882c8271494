/**
 * /admin/inventory/:variantId — one variant's stock: on hand, reserved,
 * available and threshold; the adjust form (a signed amount and a reason,
 * written to the ledger through inventory's services and audited); and the
 * ledger, newest first, 25 a page (`?before=<id>`).
 */
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { getProductForAdmin } from '../../modules/catalog/admin-service.js';
import { adjustStockByMerchant, MERCHANT_REASONS } from '../../modules/inventory/admin-service.js';
import { getInventoryLevel, type LedgerEntry, listAdjustments } from '../../modules/inventory/service.js';
import {
  Button,
  Card,
  type Column,
  DataTable,
  EmptyState,
  Field,
  Select,
  Stat,
  Textarea,
} from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { parseWhole, text } from './form-values.js';
import { adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

export const INVENTORY_NOTICES = {
  adjusted: 'Stock adjusted.',
  threshold_saved: 'Low-stock threshold saved.',
  threshold_invalid: 'The threshold must be a whole number of 0 or more.',
} as const;

const REASON_LABELS: Record<string, string> = {
  restock: 'Received stock',
  correction: 'Count correction',
  return: 'Customer return',
  sale: 'Sale',
  reservation: 'Reserved for an order',
  reservation_release: 'Reservation released',
  initial: 'Initial stock',
};

const LEDGER: Column<LedgerEntry>[] = [
  { key: 'when', label: 'When', render: (e) => e.createdAt.slice(0, 16).replace('T', ' ') },
  { key: 'reason', label: 'Reason', render: (e) => REASON_LABELS[e.reason] ?? e.reason },
  {
    key: 'delta',
    label: 'Change',
    num: true,
    render: (e) => (e.delta > 0 ? `+${e.delta}` : String(e.delta)),
  },
  {
    key: 'reserved',
    label: 'Reserved Δ',
    num: true,
    render: (e) => (e.reservedDelta ? String(e.reservedDelta) : ''),
  },
  { key: 'after', label: 'On hand after', num: true, render: (e) => e.stockAfter },
  { key: 'note', label: 'Note', render: (e) => e.note ?? e.reference ?? '' },
  { key: 'by', label: 'By', render: (e) => e.actor.type },
];

interface Typed {
  delta?: string;
  reason?: string;
  note?: string;
  errors?: Record<string, string>;
}

export async function variantPage(c: Ctx, typed: Typed = {}, status: 200 | 400 | 409 = 200) {
  const store = storeOf(c);
  const db = c.get('deps').db;
  const id = c.req.param('id') ?? '';
  const level = await getInventoryLevel(db, store.id, id);
  const product = await getProductForAdmin(db, store.id, level.productId);
  const variant = product.variants.find((v) => v.id === id);
  const beforeRaw = Number(c.req.query('before'));
  const before = Number.isSafeInteger(beforeRaw) && beforeRaw > 0 ? beforeRaw : undefined;
  const ledger = await listAdjustments(db, store.id, id, { limit: 25, before });
  const errors = typed.errors ?? {};
  const title = `${product.title}${variant?.title ? ` — ${variant.title}` : ''}`;
  const last = ledger.items[ledger.items.length - 1];
  return adminPage(
    c,
    {
      title,
      current: 'inventory',
      back: { href: '/admin/inventory', label: 'Inventory' },
      notice: status === 200 ? noticeFrom(c, INVENTORY_NOTICES) : undefined,
      error: errors._form,
      status,
      actions: (
        <Button variant="secondary" href={`/admin/products/${product.id}`}>
          Edit product
        </Button>
      ),
    },
    <>
      <div class="stats">
        <Stat label="On hand" value={String(level.stock)} />
        <Stat label="Reserved for orders" value={String(level.reserved)} />
        <Stat label="Available to sell" value={String(level.available)} />
        <Stat label={`Low-stock threshold · SKU ${level.sku}`} value={String(level.lowStockThreshold)} />
      </div>
      <div class="cards">
        <Card title="Adjust stock" id="adjust">
          <form method="post" action={`/admin/inventory/${id}/adjust`} novalidate>
            {csrfInput(c)}
            <Field
              name="delta"
              label="Change"
              inputmode="numeric"
              value={typed.delta}
              error={errors.delta}
              hint="Units to add (e.g. 12) or remove (e.g. -3)."
              required
            />
            <Select
              name="reason"
              label="Reason"
              value={typed.reason ?? 'restock'}
              error={errors.reason}
              options={MERCHANT_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] ?? r }))}
            />
            <Textarea name="note" label="Note (optional)" value={typed.note} rows={2} maxlength={500} />
            <Button>Save adjustment</Button>
          </form>
        </Card>
        <Card title="Low-stock threshold">
          <form method="post" action={`/admin/inventory/${id}/threshold`}>
            {csrfInput(c)}
            <Field
              name="threshold"
              label="Alert when available is at or below"
              inputmode="numeric"
              value={String(level.lowStockThreshold)}
            />
            <Button variant="secondary">Save threshold</Button>
          </form>
        </Card>
      </div>
      <Card title="Stock history">
        <DataTable
          columns={LEDGER}
          rows={ledger.items}
          caption="Stock history"
          empty={<EmptyState title="No stock movements yet" />}
        />
        {ledger.hasMore && last ? (
          <p>
            <a class="btn btn-secondary btn-sm" href={`/admin/inventory/${id}?before=${last.id}`}>
              Older entries →
            </a>
          </p>
        ) : null}
      </Card>
    </>,
  );
}

export async function variantSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const typed: Typed = {
    delta: text(form, 'delta', 20),
    reason: text(form, 'reason', 30),
    note: text(form, 'note', 500),
  };
  const errors: Record<string, string> = {};
  const delta = parseWhole(typed.delta ?? '', -1_000_000_000);
  const reason = MERCHANT_REASONS.find((r) => r === typed.reason);
  if (!delta.ok) errors.delta = delta.error;
  else if (!delta.value) errors.delta = 'Enter how many units to add or remove (not 0)';
  if (!reason) errors.reason = 'Pick a reason';
  if (Object.keys(errors).length > 0 || !delta.ok || !delta.value || !reason)
    return variantPage(c, { ...typed, errors }, 400);
  const id = c.req.param('id') ?? '';
  try {
    await adjustStockByMerchant(
      c.get('deps').db,
      storeOf(c).id,
      { variantId: id, delta: delta.value, reason, note: typed.note },
      actorOf(c),
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'insufficient_stock')
      return variantPage(
        c,
        { ...typed, errors: { delta: 'That would take stock below what is reserved for orders' } },
        409,
      );
    throw err;
  }
  return c.redirect(`/admin/inventory/${id}${noticeQuery(INVENTORY_NOTICES, 'adjusted')}`, 303);
}
