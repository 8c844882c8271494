/**
 * Store API for support tickets: open one (shopper token, or a guest with
 * `email` who then confirms it by link), the shopper's own tickets, one
 * thread (never internal notes) and a reply.
 */
import { createRoute } from '@hono/zod-openapi';
import { clientIp } from '../../lib/http/client-ip.js';
import { customerIdOf, requireCustomer, signedInCustomerIdOf, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { ZMessageBody, ZOpenTicket, ZTicket, ZTicketSummary } from './schemas.js';
import { getTicketForShopper, listMyTickets, openTicket, replyAsShopper } from './service.js';

const tags = ['Store: tickets'];
const ZId = z.object({ id: z.string().max(100) });

export const ticketsStoreRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/tickets',
      tags,
      summary: 'Open a support ticket (signed-in shopper, or a guest with email who confirms it by link)',
      request: { body: jsonBody(ZOpenTicket) },
      responses: {
        201: jsonContent(
          z.object({
            id: z.string(),
            number: z.number().int(),
            status: z.literal('open'),
            confirmed: z.boolean(),
          }),
          'Opened (a guest ticket is confirmed=false until the e-mailed link is followed)',
        ),
        ...errorResponses(400, 429),
      },
    }),
    async (c) => {
      const out = await openTicket(c.get('deps'), storeOf(c), {
        customerId: signedInCustomerIdOf(c),
        ip: clientIp(c) ?? 'unknown',
        ticket: c.req.valid('json'),
      });
      return c.json(out, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/tickets',
      tags,
      summary: "The shopper's tickets, last updated first",
      security: BEARER,
      middleware: [requireCustomer()] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZTicketSummary) }), 'Tickets'),
        ...errorResponses(401),
      },
    }),
    async (c) =>
      c.json({ items: await listMyTickets(c.get('deps').db, storeOf(c).id, customerIdOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/tickets/{id}',
      tags,
      summary: 'One of the shopper’s tickets with its thread',
      security: BEARER,
      middleware: [requireCustomer()] as const,
      request: { params: ZId },
      responses: { 200: jsonContent(ZTicket, 'The ticket'), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const t = await getTicketForShopper(c.get('deps').db, storeOf(c).id, c.req.valid('param').id, {
        customerId: customerIdOf(c),
      });
      return c.json(t, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/tickets/{id}/messages',
      tags,
      summary: 'Answer in a ticket',
      security: BEARER,
      middleware: [requireCustomer()] as const,
      request: { params: ZId, body: jsonBody(ZMessageBody) },
      responses: {
        201: jsonContent(z.object({ id: z.number().int() }), 'Sent'),
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const out = await replyAsShopper(
        c.get('deps').db,
        storeOf(c).id,
        c.req.valid('param').id,
        { customerId: customerIdOf(c) },
        c.req.valid('json'),
      );
      return c.json(out, 201);
    },
  );
