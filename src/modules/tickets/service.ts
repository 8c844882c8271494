/**
 * Support tickets, shopper side. A signed-in shopper's ticket is live at
 * once; a guest's waits until they confirm their e-mail through a signed
 * link. Replies from either side form one thread; a shopper answers staff
 * replies from a signed link without signing in. `ticket.created` reaches the
 * merchant's webhooks when a ticket goes live, `ticket.replied` on every
 * shopper reply.
 */

import { signLink } from '../../lib/auth/signed-links.js';
import { storeUrl } from '../../lib/config.js';
import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { nextNumber } from '../care-settings/service.js';
import { findCustomerProfile } from '../customers/repository.js';
import { enqueueEmail } from '../mail/service.js';
import { findOrderByNumber } from '../orders/repository.js';
import { emitWebhookEvent } from '../webhooks/service.js';
import * as repo from './repository.js';
import { type OpenTicketInput, type Ticket, ZCsat, ZMessageBody, ZOpenTicket } from './schemas.js';

export const TICKET_LIMITS = { perIpPerHour: 10, perShopperPerHour: 5 };
const iso = (d: Date | string) => new Date(d).toISOString();

export function toTicket(t: repo.TicketRow, messages: repo.MessageRow[]): Ticket {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    updatedAt: iso(t.updated_at),
    messages: messages.map((m) => ({
      id: Number(m.id),
      author: m.kind,
      body: m.body,
      createdAt: iso(m.created_at),
    })),
  };
}

/** The signed link a shopper (or guest) uses to read and answer a ticket without signing in. */
export async function ticketLink(deps: Deps, tenant: TenantInfo, ticketId: string): Promise<string> {
  const token = await signLink(deps.keys, tenant.id, 'ticket', ticketId);
  return `${storeUrl(deps.config, tenant.handle)}/support/tickets/${ticketId}?token=${encodeURIComponent(token)}`;
}

async function announceCreated(trx: Trx, tenantId: string, t: repo.TicketRow): Promise<void> {
  await emitWebhookEvent(trx, tenantId, {
    topic: 'ticket.created',
    eventId: `evt_ticket_${t.id}`,
    data: { ticketId: t.id, number: t.number, subject: t.subject, email: t.email, orderId: t.order_id },
  });
}

/**
 * Opens a ticket (contact page or order page). Signed-in: live at once, the
 * shopper's e-mail. Guest: `email` required, live after confirmation.
 * An order number must be one of the shopper's (or the guest e-mail's) orders.
 */
export async function openTicket(
  deps: Deps,
  tenant: TenantInfo,
  input: { customerId?: string; ip: string; ticket: OpenTicketInput },
): Promise<{ id: string; number: number; status: 'open'; confirmed: boolean }> {
  const t = ZOpenTicket.parse(input.ticket);
  if (!input.customerId && !t.email) {
    throw new AppError('validation_failed', 'Enter your e-mail address', {
      issues: [{ path: 'email', message: 'Enter your e-mail address so we can answer' }],
    });
  }
  const limiter = rateLimiterFor(deps);
  await enforceRateLimit(limiter, `ticket:ip:${tenant.id}:${input.ip}`, TICKET_LIMITS.perIpPerHour, 3600);
  const who = input.customerId ?? t.email!.toLowerCase();
  await enforceRateLimit(
    limiter,
    `ticket:shopper:${tenant.id}:${who}`,
    TICKET_LIMITS.perShopperPerHour,
    3600,
  );
  const created = await withTenant(deps.db, tenant.id, async (trx) => {
    const customer = input.customerId
      ? await findCustomerProfile(trx, tenant.id, input.customerId)
      : undefined;
    if (input.customerId && !customer) throw new AppError('unauthenticated', 'Sign in to your account');
    const email = customer?.email ?? t.email!.toLowerCase();
    let orderId: string | null = null;
    if (t.orderNumber !== undefined) {
      const o = await findOrderByNumber(trx, tenant.id, t.orderNumber);
      const mine = o && (customer ? o.customer_id === customer.id : o.email.toLowerCase() === email);
      if (!o || !mine) {
        throw new AppError('validation_failed', 'That order number is not one of your orders', {
          issues: [{ path: 'orderNumber', message: 'Not one of your orders' }],
        });
      }
      orderId = o.id;
    }
    const row = await repo.insertTicket(trx, tenant.id, {
      number: await nextNumber(trx, tenant.id, 'ticket'),
      customerId: customer?.id ?? null,
      email,
      subject: t.subject,
      orderId,
      confirmed: !!customer,
    });
    await repo.insertMessage(trx, tenant.id, {
      ticketId: row.id,
      kind: 'customer',
      authorId: customer?.id ?? null,
      body: t.message,
    });
    if (customer) await announceCreated(trx, tenant.id, row);
    return row;
  });
  await withTenant(deps.db, tenant.id, async (trx) => {
    if (created.confirmed_at) {
      await enqueueEmail(trx, tenant.id, {
        to: created.email,
        subject: `[#${created.number}] We received your message`,
        text: `Thanks for contacting ${tenant.name}. We will answer soon.\n\nFollow the conversation here:\n${await ticketLink(deps, tenant, created.id)}`,
      });
    } else {
      const token = await signLink(deps.keys, tenant.id, 'ticket-confirm', created.id, 48 * 3600);
      const link = `${storeUrl(deps.config, tenant.handle)}/support/confirm?token=${encodeURIComponent(token)}`;
      await enqueueEmail(trx, tenant.id, {
        to: created.email,
        subject: `Confirm your message to ${tenant.name}`,
        text: `Please confirm your e-mail address so we can answer your message "${created.subject}":\n${link}\n\nIf it was not you, ignore this e-mail.`,
      });
    }
  });
  return { id: created.id, number: created.number, status: 'open', confirmed: !!created.confirmed_at };
}

/** A guest confirms their e-mail: the ticket goes live (once; a repeat is harmless). */
export function confirmGuestTicket(
  deps: Deps,
  tenant: TenantInfo,
  ticketId: string,
): Promise<{ id: string; number: number }> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const before = await repo.findTicket(trx, tenant.id, ticketId, true);
    if (!before) throw notFound('Ticket');
    if (before.confirmed_at) return { id: before.id, number: before.number };
    const t = (await repo.updateTicket(trx, tenant.id, ticketId, { confirmed: true }))!;
    await announceCreated(trx, tenant.id, t);
    await enqueueEmail(trx, tenant.id, {
      to: t.email,
      subject: `[#${t.number}] We received your message`,
      text: `Thanks for contacting ${tenant.name}. We will answer soon.\n\nFollow the conversation here:\n${await ticketLink(deps, tenant, t.id)}`,
    });
    return { id: t.id, number: t.number };
  });
}

export function listMyTickets(db: Db, tenantId: string, customerId: string) {
  return withTenant(db, tenantId, async (trx) =>
    (await repo.listCustomerTickets(trx, tenantId, customerId)).map((t) => {
      const { messages: _m, ...summary } = toTicket(t, []);
      return summary;
    }),
  );
}

/** Who is reading: the signed-in owner, or the holder of the ticket's signed link. */
export type TicketViewer = { customerId: string } | { linkTicketId: string };

function mayView(t: repo.TicketRow, v: TicketViewer): boolean {
  return 'customerId' in v ? t.customer_id === v.customerId : v.linkTicketId === t.id && !!t.confirmed_at;
}

/** The thread as the shopper sees it (never internal notes); anyone else's ticket is 404. */
export function getTicketForShopper(
  db: Db,
  tenantId: string,
  id: string,
  viewer: TicketViewer,
): Promise<Ticket> {
  if (!isUuid(id)) throw notFound('Ticket');
  return withTenant(db, tenantId, async (trx) => {
    const t = await repo.findTicket(trx, tenantId, id);
    if (!t || !mayView(t, viewer)) throw notFound('Ticket');
    return toTicket(t, await repo.listMessages(trx, tenantId, id, false));
  });
}

/** The shopper answers: the ticket (re)opens and the merchant's webhooks hear `ticket.replied`. */
export function replyAsShopper(
  db: Db,
  tenantId: string,
  id: string,
  viewer: TicketViewer,
  input: { body: string },
): Promise<{ id: number }> {
  if (!isUuid(id)) throw notFound('Ticket');
  const { body } = ZMessageBody.parse(input);
  return withTenant(db, tenantId, async (trx) => {
    const t = await repo.findTicket(trx, tenantId, id, true);
    if (!t || !mayView(t, viewer)) throw notFound('Ticket');
    if (t.status === 'closed')
      throw new AppError('invalid_state', 'This conversation is closed; please open a new one');
    const m = await repo.insertMessage(trx, tenantId, {
      ticketId: id,
      kind: 'customer',
      authorId: t.customer_id,
      body,
    });
    await repo.updateTicket(trx, tenantId, id, { status: 'open' });
    await emitWebhookEvent(trx, tenantId, {
      topic: 'ticket.replied',
      eventId: `evt_ticket_msg_${m.id}`,
      data: { ticketId: id, number: t.number, author: 'customer', messageId: Number(m.id) },
    });
    return { id: Number(m.id) };
  });
}

/** The satisfaction answer from the survey link (once per ticket; resolved or closed tickets only). */
export async function answerCsat(
  db: Db,
  tenantId: string,
  ticketId: string,
  input: { rating: number; comment?: string },
): Promise<{ recorded: boolean }> {
  const a = ZCsat.parse(input);
  return withTenant(db, tenantId, async (trx) => {
    const t = await repo.findTicket(trx, tenantId, ticketId);
    if (!t) throw notFound('Ticket');
    if (t.status !== 'resolved' && t.status !== 'closed') {
      throw new AppError('invalid_state', 'The survey opens once the ticket is resolved');
    }
    return {
      recorded: await repo.insertCsat(trx, tenantId, {
        ticketId,
        rating: a.rating,
        comment: a.comment || null,
      }),
    };
  });
}
