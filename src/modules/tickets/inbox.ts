/**
 * Support tickets, merchant side: the inbox (filters status / assignee /
 * unassigned / overdue, SLA badges against the store's targets), the thread
 * with internal notes, staff replies (emailed to the shopper with a signed
 * answer link; the ticket becomes pending), status and assignment, canned
 * replies, the satisfaction survey sent on resolution, and auto-close of
 * tickets resolved longer than the store's auto-close days.
 */
import { signLink } from '../../lib/auth/signed-links.js';
import { storeUrl } from '../../lib/config.js';
import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { decodeKeyset, encodeKeyset } from '../../lib/keyset-cursor.js';
import { type CareSettings, readCareSettings } from '../care-settings/service.js';
import { enqueueEmail } from '../mail/service.js';
import { emitWebhookEvent } from '../webhooks/service.js';
import * as repo from './repository.js';
import { type AdminTicket, ZMessageBody, ZPatchTicket } from './schemas.js';
import { ticketLink, toTicket } from './service.js';

const PAGE = 25;
const HOUR = 3_600_000;
type Sla = 'met' | 'missed' | 'due' | 'overdue';

function slaOf(done: Date | null, start: Date, hours: number, now: Date): Sla {
  const deadline = new Date(start).getTime() + hours * HOUR;
  if (done) return new Date(done).getTime() <= deadline ? 'met' : 'missed';
  return now.getTime() <= deadline ? 'due' : 'overdue';
}

export function toAdminTicket(
  t: repo.TicketRow,
  messages: repo.MessageRow[],
  s: CareSettings,
  now: Date,
): AdminTicket {
  const resolvedAt = t.resolved_at ?? t.closed_at;
  return {
    ...toTicket(t, messages),
    email: t.email,
    customerId: t.customer_id,
    orderId: t.order_id,
    assigneeId: t.assignee_id,
    createdAt: new Date(t.created_at).toISOString(),
    firstResponseAt: t.first_response_at ? new Date(t.first_response_at).toISOString() : null,
    resolvedAt: resolvedAt ? new Date(resolvedAt).toISOString() : null,
    sla: {
      firstResponse: slaOf(t.first_response_at, t.created_at, s.firstResponseHours, now),
      resolution: slaOf(resolvedAt, t.created_at, s.resolutionHours, now),
    },
  };
}

export interface InboxQuery {
  status?: repo.TicketStatus;
  /** 'me' (the caller), 'none' (unassigned) or a user id. */
  assignee?: string;
  overdue?: boolean;
  cursor?: string;
}

/** One page of the inbox (confirmed tickets only), after closing what is due for auto-close. */
export function listInbox(
  deps: Deps,
  tenantId: string,
  userId: string,
  q: InboxQuery,
): Promise<{ items: AdminTicket[]; nextCursor: string | null }> {
  const now = deps.now();
  const before = q.cursor ? decodeKeyset(q.cursor) : undefined;
  return withTenant(deps.db, tenantId, async (trx) => {
    const s = await readCareSettings(trx, tenantId);
    await repo.closeResolvedBefore(trx, tenantId, now, s.autoCloseDays);
    const rows = await repo.listInbox(trx, tenantId, {
      status: q.status,
      assigneeId: q.assignee === 'me' ? userId : q.assignee && q.assignee !== 'none' ? q.assignee : undefined,
      unassigned: q.assignee === 'none',
      overdue: q.overdue
        ? { now, firstResponseHours: s.firstResponseHours, resolutionHours: s.resolutionHours }
        : undefined,
      before,
      limit: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    const last = page[page.length - 1];
    return {
      items: page.map((t) => toAdminTicket(t, [], s, now)),
      nextCursor: rows.length > PAGE && last ? encodeKeyset(last.updated_at, last.id) : null,
    };
  });
}

export function getAdminTicket(deps: Deps, tenantId: string, id: string): Promise<AdminTicket> {
  if (!isUuid(id)) throw notFound('Ticket');
  return withTenant(deps.db, tenantId, async (trx) => {
    const t = await repo.findTicket(trx, tenantId, id);
    if (!t) throw notFound('Ticket');
    const [messages, s] = await Promise.all([
      repo.listMessages(trx, tenantId, id, true),
      readCareSettings(trx, tenantId),
    ]);
    return toAdminTicket(t, messages, s, deps.now());
  });
}

async function lockedTicket(trx: Trx, tenantId: string, id: string): Promise<repo.TicketRow> {
  const t = isUuid(id) ? await repo.findTicket(trx, tenantId, id, true) : undefined;
  if (!t) throw notFound('Ticket');
  return t;
}

/**
 * A staff reply (`note: false`: emailed to the shopper, ticket → pending,
 * first response recorded) or an internal note (`note: true`: never shown or
 * sent to the shopper, nothing else changes).
 */
export async function addStaffMessage(
  deps: Deps,
  tenant: TenantInfo,
  id: string,
  input: { userId: string; body: string; note: boolean },
): Promise<{ id: number }> {
  const { body } = ZMessageBody.parse({ body: input.body });
  return withTenant(deps.db, tenant.id, async (trx) => {
    const t = await lockedTicket(trx, tenant.id, id);
    const kind = input.note ? 'note' : 'staff';
    const m = await repo.insertMessage(trx, tenant.id, {
      ticketId: t.id,
      kind,
      authorId: input.userId,
      body,
    });
    if (input.note) return { id: Number(m.id) };
    await repo.updateTicket(trx, tenant.id, t.id, { status: 'pending', firstResponse: true });
    await enqueueEmail(trx, tenant.id, {
      to: t.email,
      subject: `[#${t.number}] ${t.subject}`,
      text: `${body}\n\n— ${tenant.name}\n\nAnswer here (no sign-in needed):\n${await ticketLink(deps, tenant, t.id)}`,
    });
    await emitWebhookEvent(trx, tenant.id, {
      topic: 'ticket.replied',
      eventId: `evt_ticket_msg_${m.id}`,
      data: { ticketId: t.id, number: t.number, author: 'staff', messageId: Number(m.id) },
    });
    return { id: Number(m.id) };
  });
}

/** Status and/or assignment. Resolving sends the one-question satisfaction survey (once per ticket). */
export async function updateAdminTicket(
  deps: Deps,
  tenant: TenantInfo,
  id: string,
  input: { status?: repo.TicketStatus; assigneeId?: string | null },
  staffIds: readonly string[],
): Promise<AdminTicket> {
  const patch = ZPatchTicket.parse(input);
  if (patch.assigneeId && !staffIds.includes(patch.assigneeId)) {
    throw new AppError('validation_failed', 'The assignee is not a member of this store', {
      issues: [{ path: 'assigneeId', message: 'Not a member of this store' }],
    });
  }
  return withTenant(deps.db, tenant.id, async (trx) => {
    const before = await lockedTicket(trx, tenant.id, id);
    if (!before.confirmed_at)
      throw new AppError('invalid_state', 'The shopper has not confirmed their e-mail yet');
    const t = (await repo.updateTicket(trx, tenant.id, id, patch))!;
    if (patch.status === 'resolved' && before.status !== 'resolved' && !before.resolved_at) {
      const token = await signLink(deps.keys, tenant.id, 'csat', t.id);
      const link = `${storeUrl(deps.config, tenant.handle)}/support/feedback/${t.id}?token=${encodeURIComponent(token)}`;
      await enqueueEmail(trx, tenant.id, {
        to: t.email,
        subject: `[#${t.number}] How did we do?`,
        text: `Your request "${t.subject}" is resolved. One question — how satisfied are you with our help (1–5)?\n${link}`,
      });
    }
    const [messages, s] = await Promise.all([
      repo.listMessages(trx, tenant.id, id, true),
      readCareSettings(trx, tenant.id),
    ]);
    return toAdminTicket(t, messages, s, deps.now());
  });
}

export function csatAveragesByMonth(db: Db, tenantId: string, months = 12) {
  return withTenant(db, tenantId, (trx) => repo.csatByMonth(trx, tenantId, months));
}
