/**
 * Admin page /admin/restock/purchase-orders/:id: the lines with what has
 * arrived; a draft can be edited (quantities, unit costs, a note), sent to
 * the supplier by email or marked ordered; an ordered PO is received line by
 * line (partially or fully); draft/ordered can be cancelled (confirmed).
 * Validation problems come back next to the fields, with what was typed.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { toDecimalString } from '../../lib/money.js';
import { actorOf } from '../../modules/catalog/actor.js';
import type { PurchaseOrder } from '../../modules/restock/schemas.js';
import {
  editStorePurchaseOrder,
  getStorePurchaseOrder,
  moveStorePurchaseOrder,
  receiveStorePurchaseOrder,
  sendStorePurchaseOrder,
} from '../../modules/restock/service.js';
import { Button, Card, ConfirmDialog, StatusBadge, Textarea } from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { type FieldErrors, formStrings, zMoneyInput, zWhole } from './form-errors.js';
import { adminGuard, adminPage, roleAtLeast } from './layout.js';
import { moneyText } from './money-text.js';

type Ctx = Context<AppEnv>;

export const PO_NOTICES = {
  saved: 'Purchase order saved.',
  sent: 'Purchase order sent to the supplier by email.',
  ordered: 'Purchase order marked as ordered.',
  received: 'Stock received and added to inventory.',
  cancelled: 'Purchase order cancelled.',
} as const;

export function PoStatus({ po }: { po: PurchaseOrder }) {
  const part = po.status === 'ordered' && po.lines.some((l) => l.receivedQuantity > 0);
  return (
    <StatusBadge
      status={part ? 'partially_fulfilled' : po.status}
      label={part ? 'Partly received' : undefined}
    />
  );
}

type Typed = Record<string, string>;
interface FormState {
  typed: Typed;
  errors: FieldErrors;
  error?: string;
}

/** One input per line: quantity (draft: to order; ordered: arriving now) and, for a draft, unit cost. */
function LinesForm({
  c,
  po,
  mode,
  form,
}: {
  c: Ctx;
  po: PurchaseOrder;
  mode: 'edit' | 'receive';
  form?: FormState;
}) {
  const currency = storeOf(c).currency;
  const cell = (name: string, value: string, label: string) => (
    <>
      <label class="visually-hidden" for={`f-${name}`}>
        {label}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        value={form?.typed[name] ?? value}
        inputmode="decimal"
        aria-invalid={form?.errors[name] ? 'true' : undefined}
      />
      {form?.errors[name] ? <span class="error-text">{form.errors[name]}</span> : null}
    </>
  );
  return (
    <form method="post" action={`/admin/restock/purchase-orders/${po.id}/${mode}`} novalidate>
      {csrfInput(c)}
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col" class="num">
                Ordered
              </th>
              <th scope="col" class="num">
                Received
              </th>
              <th scope="col">{mode === 'edit' ? 'Quantity (0 takes it off)' : 'Arrived now'}</th>
              <th scope="col">{mode === 'edit' ? `Unit cost (${currency})` : 'Unit cost'}</th>
            </tr>
          </thead>
          <tbody>
            {po.lines.map((l, i) => (
              <tr>
                <td>
                  {l.sku}
                  <input type="hidden" name={`v${i}`} value={l.variantId} />
                </td>
                <td class="num">{l.quantity}</td>
                <td class="num">{l.receivedQuantity}</td>
                <td>
                  {mode === 'edit'
                    ? cell(`q${i}`, String(l.quantity), `Quantity of ${l.sku}`)
                    : cell(`q${i}`, String(l.quantity - l.receivedQuantity), `Units of ${l.sku} arrived`)}
                </td>
                <td>
                  {mode === 'edit'
                    ? cell(`u${i}`, toDecimalString(l.unitCost, currency), `Unit cost of ${l.sku}`)
                    : moneyText(l.unitCost, currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mode === 'edit' ? (
        <Textarea
          name="note"
          label="Note to the supplier"
          value={form?.typed.note ?? po.note ?? ''}
          rows={2}
          maxlength={2000}
        />
      ) : null}
      {form?.error ? (
        <p class="error-text" role="alert">
          {form.error}
        </p>
      ) : null}
      <div class="form-actions">
        <Button>{mode === 'edit' ? 'Save draft' : 'Receive stock'}</Button>
      </div>
    </form>
  );
}

function Actions({ c, po }: { c: Ctx; po: PurchaseOrder }) {
  const post = (action: string, label: string, variant: 'primary' | 'secondary' = 'primary') => (
    <form method="post" action={`/admin/restock/purchase-orders/${po.id}/${action}`} class="inline-form">
      {csrfInput(c)}
      <Button variant={variant}>{label}</Button>
    </form>
  );
  return (
    <div class="row">
      {po.status === 'draft' && po.supplierEmail ? post('send', `Send to ${po.supplierEmail}`) : null}
      {po.status === 'draft' ? post('order', 'Mark ordered (no email)', 'secondary') : null}
      {po.status === 'draft' || po.status === 'ordered' ? (
        <ConfirmDialog
          action={`/admin/restock/purchase-orders/${po.id}/cancel`}
          csrf={csrfInput(c)}
          label="Cancel order"
          message="Cancel this purchase order? Stock already received stays in inventory."
        />
      ) : null}
    </div>
  );
}

async function poPage(c: Ctx, form?: FormState & { mode: 'edit' | 'receive' }) {
  const t = storeOf(c);
  const po = await getStorePurchaseOrder(c.get('deps').db, t.id, c.req.param('id') ?? '');
  const canEdit = roleAtLeast(c, 'admin');
  return adminPage(
    c,
    {
      title: `Purchase order — ${po.supplierName}`,
      current: 'restock',
      back: { href: '/admin/restock#purchase-orders', label: 'Restock' },
      notice: noticeFrom(c, PO_NOTICES),
      status: form ? 400 : undefined,
      actions: canEdit ? <Actions c={c} po={po} /> : undefined,
    },
    <>
      <Card title="Summary">
        <p class="row">
          <PoStatus po={po} /> <span>Total {moneyText(po.total, t.currency)}</span>
          <span class="muted">created {po.createdAt.slice(0, 10)}</span>
          {po.sentTo ? <span class="muted">sent to {po.sentTo}</span> : null}
        </p>
        {po.note ? <p>Note: {po.note}</p> : null}
        {po.status === 'draft' && !po.supplierEmail ? (
          <p class="muted">
            Add an email address to{' '}
            <a href={`/admin/restock/suppliers/${po.supplierId}`}>{po.supplierName}</a> to send the order from
            here.
          </p>
        ) : null}
      </Card>
      <Card
        title={po.status === 'draft' ? 'Items to order' : po.status === 'ordered' ? 'Receive stock' : 'Items'}
      >
        {canEdit && po.status === 'draft' ? (
          <LinesForm c={c} po={po} mode="edit" form={form?.mode === 'edit' ? form : undefined} />
        ) : canEdit && po.status === 'ordered' ? (
          <LinesForm c={c} po={po} mode="receive" form={form?.mode === 'receive' ? form : undefined} />
        ) : (
          <ul>
            {po.lines.map((l) => (
              <li>
                {l.sku}: {l.receivedQuantity}/{l.quantity} received at {moneyText(l.unitCost, t.currency)}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>,
  );
}

/** Reads the per-line inputs; errors keyed by input name. */
function readLines(typed: Typed, currency: string, withCost: boolean) {
  const errors: FieldErrors = {};
  const lines: { variantId: string; quantity: number; unitCost?: number }[] = [];
  for (let i = 0; typed[`v${i}`] !== undefined && i < 500; i++) {
    const q = zWhole(0, 1_000_000, 'a number of units').safeParse(typed[`q${i}`] ?? '');
    if (!q.success) errors[`q${i}`] = q.error.issues[0]!.message;
    const u = withCost ? zMoneyInput(currency).safeParse(typed[`u${i}`] ?? '') : undefined;
    if (u && !u.success) errors[`u${i}`] = u.error.issues[0]!.message;
    if (q.success && (!u || u.success))
      lines.push({ variantId: typed[`v${i}`]!, quantity: q.data, unitCost: u?.data });
  }
  return { errors, lines };
}

async function submitLines(c: Ctx, mode: 'edit' | 'receive') {
  const t = storeOf(c);
  const id = c.req.param('id') ?? '';
  const { values: typed } = await formStrings(c.req);
  const { errors, lines } = readLines(typed, t.currency, mode === 'edit');
  if (Object.keys(errors).length > 0) return poPage(c, { typed, errors, mode });
  const note = z
    .string()
    .max(2000)
    .safeParse(typed.note ?? '');
  if (!note.success) return poPage(c, { typed, errors: { note: 'At most 2000 characters' }, mode });
  try {
    if (mode === 'edit')
      await editStorePurchaseOrder(c.get('deps').db, t.id, id, { lines, note: note.data }, actorOf(c));
    else await receiveStorePurchaseOrder(c.get('deps').db, t.id, id, { lines }, actorOf(c));
  } catch (err) {
    // A business refusal (over-receipt, no line left) is shown on the form, keeping what was typed.
    if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'invalid_state'))
      return poPage(c, { typed, errors: {}, error: err.message, mode });
    throw err;
  }
  return c.redirect(
    `/admin/restock/purchase-orders/${id}${noticeQuery(PO_NOTICES, mode === 'edit' ? 'saved' : 'received')}`,
    303,
  );
}

const MOVE = { order: 'ordered', cancel: 'cancelled' } as const;

export const purchaseOrderPages = new Hono<AppEnv>();
purchaseOrderPages.get('/admin/restock/purchase-orders/:id', ...adminGuard('staff'), (c) => poPage(c));
purchaseOrderPages.post('/admin/restock/purchase-orders/:id/edit', ...adminGuard('admin'), (c) =>
  submitLines(c, 'edit'),
);
purchaseOrderPages.post('/admin/restock/purchase-orders/:id/receive', ...adminGuard('admin'), (c) =>
  submitLines(c, 'receive'),
);
purchaseOrderPages.post('/admin/restock/purchase-orders/:id/send', ...adminGuard('admin'), async (c) => {
  const id = c.req.param('id');
  await sendStorePurchaseOrder(c.get('deps').db, storeOf(c).id, id, actorOf(c));
  return c.redirect(`/admin/restock/purchase-orders/${id}${noticeQuery(PO_NOTICES, 'sent')}`, 303);
});
purchaseOrderPages.post(
  '/admin/restock/purchase-orders/:id/:action{order|cancel}',
  ...adminGuard('admin'),
  async (c) => {
    const id = c.req.param('id');
    const to = MOVE[c.req.param('action') as keyof typeof MOVE];
    await moveStorePurchaseOrder(c.get('deps').db, storeOf(c).id, id, to, actorOf(c));
    return c.redirect(`/admin/restock/purchase-orders/${id}${noticeQuery(PO_NOTICES, to)}`, 303);
  },
);
