/** Admin API for support tickets: inbox, thread, replies and notes, status/assignment, canned replies. */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../../lib/errors.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { listStaff } from '../staff/service.js';
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from './canned.js';
import { addStaffMessage, getAdminTicket, listInbox, updateAdminTicket } from './inbox.js';
import { ZAdminTicket, ZCanned, ZInboxQuery, ZMessageBody, ZPatchTicket } from './schemas.js';

const tags = ['Admin: tickets'];
const ZId = z.object({ id: z.string().max(100) });
const ZCannedReply = z.object({ id: z.string(), title: z.string(), body: z.string() }).openapi('CannedReply');
type Ctx = Parameters<typeof storeOf>[0];

function userOf(c: Ctx): string {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in');
  return p.userId;
}

export const ticketsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/tickets',
      tags,
      summary: 'The inbox: filters status, assignee (me | none | user id), overdue',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { query: ZInboxQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ZAdminTicket), nextCursor: z.string().nullable() }),
          'Tickets',
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listInbox(c.get('deps'), storeOf(c).id, userOf(c), { ...q, overdue: !!q.overdue });
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/tickets/{id}',
      tags,
      summary: 'One ticket with its thread and internal notes',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZId },
      responses: { 200: jsonContent(ZAdminTicket, 'The ticket'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getAdminTicket(c.get('deps'), storeOf(c).id, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/tickets/{id}/messages',
      tags,
      summary: 'Reply (emailed to the shopper) or add an internal note (internal: true)',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: {
        params: ZId,
        body: jsonBody(ZMessageBody.extend({ internal: z.boolean().optional() }).strict()),
      },
      responses: {
        201: jsonContent(z.object({ id: z.number().int() }), 'Added'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const out = await addStaffMessage(c.get('deps'), storeOf(c), c.req.valid('param').id, {
        userId: userOf(c),
        body: b.body,
        note: b.internal ?? false,
      });
      return c.json(out, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/tickets/{id}',
      tags,
      summary: 'Status and assignment',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZId, body: jsonBody(ZPatchTicket) },
      responses: { 200: jsonContent(ZAdminTicket, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const t = storeOf(c);
      const staff = await listStaff(c.get('deps'), t.id);
      const out = await updateAdminTicket(
        c.get('deps'),
        t,
        c.req.valid('param').id,
        c.req.valid('json'),
        staff.members.map((m) => m.userId),
      );
      return c.json(out, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/canned-replies',
      tags,
      summary: 'Canned replies',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZCannedReply) }), 'Canned replies'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await listCannedReplies(c.get('deps').db, storeOf(c).id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/canned-replies',
      tags,
      summary: 'Add a canned reply',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZCanned) },
      responses: { 201: jsonContent(ZCannedReply, 'Added'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await createCannedReply(c.get('deps').db, storeOf(c).id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/admin/canned-replies/{id}',
      tags,
      summary: 'Edit a canned reply',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZCanned) },
      responses: { 200: jsonContent(ZCannedReply, 'Saved'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await updateCannedReply(
          c.get('deps').db,
          storeOf(c).id,
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/canned-replies/{id}',
      tags,
      summary: 'Delete a canned reply',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: {
        200: jsonContent(z.object({ deleted: z.literal(true) }), 'Deleted'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      await deleteCannedReply(c.get('deps').db, storeOf(c).id, c.req.valid('param').id);
      return c.json({ deleted: true as const }, 200);
    },
  );
