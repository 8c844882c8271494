/** Zod schemas of the tickets' inputs and outputs (store and admin API). */
import { z } from '../../lib/http/openapi.js';
import { careText } from '../reviews/schemas.js';

export const ZTicketStatus = z.enum(['open', 'pending', 'resolved', 'closed']);

export const ZOpenTicket = z
  .object({
    email: z.email('Enter a valid e-mail address').max(254).optional(),
    subject: careText(200).pipe(z.string().min(1, 'Say what it is about')),
    message: careText(10000).pipe(z.string().min(1, 'Write your message')),
    orderNumber: z.number().int().positive().max(2_000_000_000).optional(),
  })
  .strict()
  .openapi('OpenTicket');
export type OpenTicketInput = z.infer<typeof ZOpenTicket>;

export const ZMessageBody = z
  .object({ body: careText(10000).pipe(z.string().min(1, 'Write a message')) })
  .strict()
  .openapi('TicketMessageInput');

export const ZTicketMessage = z
  .object({
    id: z.number().int(),
    author: z.enum(['customer', 'staff', 'note']),
    body: z.string(),
    createdAt: z.string(),
  })
  .openapi('TicketMessage');

export const ZTicketSummary = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: ZTicketStatus,
    updatedAt: z.string(),
  })
  .openapi('TicketSummary');

export const ZTicket = ZTicketSummary.extend({
  messages: z.array(ZTicketMessage),
}).openapi('Ticket');
export type Ticket = z.infer<typeof ZTicket>;

export const ZAdminTicket = ZTicket.extend({
  email: z.string(),
  customerId: z.string().nullable(),
  orderId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  createdAt: z.string(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  sla: z.object({
    firstResponse: z.enum(['met', 'missed', 'due', 'overdue']),
    resolution: z.enum(['met', 'missed', 'due', 'overdue']),
  }),
}).openapi('AdminTicket');
export type AdminTicket = z.infer<typeof ZAdminTicket>;

export const ZInboxQuery = z
  .object({
    status: ZTicketStatus.optional(),
    assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
    overdue: z.enum(['1', 'true']).optional(),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const ZPatchTicket = z
  .object({ status: ZTicketStatus.optional(), assigneeId: z.uuid().nullable().optional() })
  .strict()
  .openapi('PatchTicket');

export const ZCanned = z
  .object({
    title: careText(100).pipe(z.string().min(1, 'Give it a title')),
    body: careText(5000).pipe(z.string().min(1, 'Write the reply')),
  })
  .strict()
  .openapi('CannedReplyInput');

export const ZCsat = z
  .object({
    rating: z.number().int().min(1, 'Choose 1 to 5').max(5, 'Choose 1 to 5'),
    comment: careText(2000).optional(),
  })
  .strict();
