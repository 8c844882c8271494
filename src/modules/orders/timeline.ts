/**
 * What every order transition leaves behind: a timeline event, an outbox
 * event `order.<event>` (webhooks, analytics) and, where the shopper should
 * hear of it, an e-mail through the outbox. Plus the two ways a transition
 * explains why it could not run (404 / 409 invalid_state).
 */
import type { Trx } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import { AppError, notFound } from '../../lib/errors.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import type { Actor } from './repository/rows.js';
import * as repo from './repository.js';

export interface TransitionContext {
  actor: Actor;
  now: Date;
}

export function illegal(action: string, status: OrderStatus): AppError {
  return new AppError(
    'invalid_state',
    `An order that is ${status.replace('_', ' ')} cannot be ${action.replace('_', ' ')}`,
  );
}

/** After a guarded UPDATE matched nothing: 404 when the order is missing, else 409 invalid_state. */
export async function explainFailure(
  trx: Trx,
  tenantId: string,
  orderId: string,
  action: string,
): Promise<never> {
  const o = await repo.findOrder(trx, tenantId, orderId);
  if (!o) throw notFound('Order');
  throw illegal(action, o.status);
}

export async function announce(
  trx: Trx,
  tenantId: string,
  order: repo.OrderRow,
  event: string,
  ctx: TransitionContext,
  data: Record<string, unknown> = {},
  message = '',
): Promise<void> {
  await repo.insertOrderEvent(trx, tenantId, order.id, { type: event, message, data, actor: ctx.actor });
  await enqueueOutbox(trx, tenantId, {
    topic: `order.${event}`,
    payload: {
      orderId: order.id,
      number: order.number,
      status: order.status,
      total: order.total,
      refunded: order.refunded_total,
      currency: order.currency.trim(),
      customerId: order.customer_id,
      email: order.email,
      ...data,
    },
  });
}

export async function emailShopper(
  trx: Trx,
  tenantId: string,
  o: repo.OrderRow,
  subject: string,
  text: string,
): Promise<void> {
  await enqueueOutbox(trx, tenantId, {
    topic: 'email.send',
    payload: { to: o.email, subject, text },
  });
}
