/**
 * The order page's POST actions. Each reads the form, calls the same admin
 * service as the JSON API, and redirects back with a notice (303). A
 * validation failure re-renders the order with the message next to the
 * field and what was typed; a state conflict (e.g. already shipped) shows
 * the service's sentence. The refund has a review step: without
 * `confirm=yes` it only shows what will be refunded.
 */
import type { Context } from 'hono';
import { AppError, validationError } from '../../../lib/errors.js';
import type { AppEnv } from '../../../lib/http/context.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { parseDecimalAmount } from '../../../lib/money.js';
import { orderActorOf } from '../../../modules/orders/admin-routes.js';
import {
  addOrderNote,
  cancelOrderByAdmin,
  completeOrderByAdmin,
  fulfilOrderByAdmin,
  markOrderPaidByAdmin,
  refundOrderByAdmin,
  resendOrderConfirmation,
} from '../../../modules/orders/admin-service.js';
import { previewRefund } from '../../../modules/orders/refund-preview.js';
import { ZFulfil, ZOrderNote, ZRefund } from '../../../modules/orders/schemas.js';
import { getOrderDetail } from '../../../modules/orders/service.js';
import { noticeQuery } from '../../notices.js';
import { ORDER_NOTICES, orderIdOf, renderOrderDetail } from './detail.js';
import type { FieldErrors, Typed } from './detail-forms.js';

type Ctx = Context<AppEnv>;
type Notice = keyof typeof ORDER_NOTICES;

async function formOf(c: Ctx): Promise<Typed> {
  const body = await c.req.parseBody();
  const out: Typed = {};
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && k !== '_csrf') out[k] = v.slice(0, 2000);
  return out;
}

/** Units typed per line for fields `<prefix><lineId>`; a non-number is a field error. */
function linesOf(typed: Typed, prefix: string, errors: FieldErrors) {
  const lines: { lineId: string; quantity: number; field: string }[] = [];
  for (const [k, v] of Object.entries(typed)) {
    if (!k.startsWith(prefix)) continue;
    const text = v.trim() || '0';
    if (!/^\d{1,6}$/.test(text)) {
      errors[k] = 'Enter a whole number';
      continue;
    }
    if (Number(text) > 0) lines.push({ lineId: k.slice(prefix.length), quantity: Number(text), field: k });
  }
  return lines;
}

/** Service issue paths (`lines.0.quantity`, `amount`) → the form's field names. */
function fieldErrorsOf(err: AppError, lineFields: string[], restockPrefix?: string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues ?? []) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(issue.path);
    const field = m ? lineFields[Number(m[1])] : issue.path.split('.')[0];
    if (!field) continue;
    const key = m?.[2] === 'restock' && restockPrefix ? field.replace(/^[a-z]+_/, restockPrefix) : field;
    out[key || 'lines'] = issue.message;
  }
  return out;
}

async function run(
  c: Ctx,
  step: (orderId: string) => Promise<unknown>,
  notice: Notice,
  form: { typed?: Typed; lineFields?: string[]; restockPrefix?: string } = {},
): Promise<Response> {
  const id = orderIdOf(c);
  try {
    await step(id);
  } catch (err) {
    if (!(err instanceof AppError) || !['validation_failed', 'invalid_state'].includes(err.code)) throw err;
    const errors = fieldErrorsOf(err, form.lineFields ?? [], form.restockPrefix);
    return renderOrderDetail(c, id, {
      typed: form.typed,
      errors,
      error: err.code === 'invalid_state' ? err.message : 'Please fix the fields marked below.',
      status: err.code === 'invalid_state' ? 409 : 400,
    });
  }
  return c.redirect(`/admin/orders/${id}${noticeQuery(ORDER_NOTICES, notice)}`, 303);
}

const db = (c: Ctx) => c.get('deps').db;

export const markPaidAction = (c: Ctx) =>
  run(c, (id) => markOrderPaidByAdmin(db(c), storeOf(c).id, id, orderActorOf(c)), 'paid');
export const cancelAction = (c: Ctx) =>
  run(c, (id) => cancelOrderByAdmin(db(c), storeOf(c).id, id, orderActorOf(c)), 'cancelled');
export const completeAction = (c: Ctx) =>
  run(c, (id) => completeOrderByAdmin(db(c), storeOf(c).id, id, orderActorOf(c)), 'completed');
export const resendAction = (c: Ctx) =>
  run(
    c,
    (id) =>
      resendOrderConfirmation(db(c), storeOf(c).id, id, { ...orderActorOf(c), storeName: storeOf(c).name }),
    'resent',
  );

export async function noteAction(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  return run(
    c,
    async (id) => {
      const input = ZOrderNote.safeParse({ message: typed.message ?? '' });
      if (!input.success)
        throw new AppError('validation_failed', 'Note', {
          issues: [{ path: 'message', message: 'Write a note first' }],
        });
      await addOrderNote(db(c), storeOf(c).id, id, { ...orderActorOf(c), message: input.data.message });
    },
    'noted',
    { typed },
  );
}

const opt = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

export async function fulfilAction(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const errors: FieldErrors = {};
  const lines = linesOf(typed, 'ship_', errors);
  const lineFields = lines.map((l) => l.field);
  return run(
    c,
    async (id) => {
      if (Object.keys(errors).length)
        throw new AppError('validation_failed', 'Form', {
          issues: Object.entries(errors).map(([path, message]) => ({ path, message })),
        });
      if (lines.length === 0)
        throw new AppError('validation_failed', 'Form', {
          issues: [{ path: 'lines', message: 'Enter how many of at least one item you ship' }],
        });
      const input = ZFulfil.safeParse({
        carrier: opt(typed.carrier),
        trackingNumber: opt(typed.trackingNumber),
        trackingUrl: opt(typed.trackingUrl),
        lines: lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
      });
      if (!input.success) {
        throw new AppError('validation_failed', 'Form', {
          issues: input.error.issues.map((i) => ({
            path: i.path.map(String).join('.'),
            message: i.path[0] === 'trackingUrl' ? 'A link starting with https://' : i.message,
          })),
        });
      }
      await fulfilOrderByAdmin(db(c), storeOf(c).id, id, { ...orderActorOf(c), ...input.data });
    },
    'shipped',
    { typed, lineFields },
  );
}

export async function refundAction(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const errors: FieldErrors = {};
  const lines = linesOf(typed, 'refund_', errors).map((l) => ({
    ...l,
    restock: typed[`restock_${l.lineId}`] === 'on',
  }));
  const lineFields = lines.map((l) => l.field);
  const id = orderIdOf(c);
  const order = await getOrderDetail(db(c), storeOf(c).id, id);
  const amountText = opt(typed.amount);
  const amount = amountText === undefined ? undefined : parseDecimalAmount(amountText, order.currency);
  if (amount === null) errors.amount = 'Enter an amount like 12.50';
  let review: { amount: number; units: number } | undefined;
  const result = await run(
    c,
    async () => {
      if (Object.keys(errors).length)
        throw new AppError('validation_failed', 'Form', {
          issues: Object.entries(errors).map(([path, message]) => ({ path, message })),
        });
      const parsed = ZRefund.safeParse({
        amount: amount ?? undefined,
        lines: lines.length
          ? lines.map(({ lineId, quantity, restock }) => ({ lineId, quantity, restock }))
          : undefined,
        reason: opt(typed.reason),
      });
      if (!parsed.success) throw validationError(parsed.error);
      const input = parsed.data;
      const preview = previewRefund(order, input);
      if (typed.confirm !== 'yes') {
        review = preview;
        return;
      }
      await refundOrderByAdmin(db(c), storeOf(c).id, id, {
        ...orderActorOf(c),
        deps: c.get('deps'),
        ...input,
      });
    },
    'refunded',
    { typed, lineFields, restockPrefix: 'restock_' },
  );
  if (review) {
    const { confirm: _ignored, ...kept } = typed;
    return renderOrderDetail(c, id, { typed: kept, review });
  }
  return result;
}
