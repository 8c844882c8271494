/**
 * Staff API. Admin surface (store host, /api/admin/staff…): list (staff),
 * invite, change role, remove (admin; owner for owner/admin changes — see
 * ./service.ts). Apex: POST /api/staff/invitations/accept.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { issueUserToken } from '../../lib/auth/tokens.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { REFRESH_COOKIE, REFRESH_TTL_SECONDS, sessionCookieOptions } from '../auth/cookies.js';
import { startUserRefreshSession } from '../auth/service.js';
import { acceptInvitation, inviteStaff } from './invitations.js';
import { type Actor, changeStaffRole, listStaff, removeStaff } from './service.js';

const ZRole = z.enum(['owner', 'admin', 'staff']);
const ZMember = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: ZRole,
    joinedAt: z.string(),
  })
  .openapi('StaffMember');
const ZInvitation = z
  .object({ id: z.string(), email: z.string(), role: ZRole, expiresAt: z.string(), createdAt: z.string() })
  .openapi('StaffInvitation');
const ZInvite = z.object({ email: z.email().max(320), role: ZRole }).strict();
const ZChangeRole = z.object({ role: ZRole }).strict();
const ZUserParam = z.object({ userId: z.uuid() });
const ZAccept = z
  .object({
    token: z.string().min(20).max(200),
    password: z.string().min(1).max(1000),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

function actorOf(c: Context<AppEnv>): Actor {
  const p = c.get('principal');
  const role = c.get('role');
  if (p?.kind !== 'user' || !role) throw new AppError('unauthenticated', 'Sign in as a merchant');
  return { userId: p.userId, role, ip: clientIp(c) };
}

export const staffAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/staff',
      tags: ['Admin: staff'],
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(
          z.object({ members: z.array(ZMember), invitations: z.array(ZInvitation) }),
          'Members',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => c.json(await listStaff(c.get('deps'), storeOf(c).id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/staff/invitations',
      tags: ['Admin: staff'],
      summary: 'Invites an email address (admin; the owner role only by an owner)',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZInvite) },
      responses: {
        201: jsonContent(ZInvitation, 'Invitation sent'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await inviteStaff(c.get('deps'), storeOf(c), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/staff/{userId}',
      tags: ['Admin: staff'],
      summary: "Changes a member's role (owner for owner/admin changes; the last owner stays)",
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZUserParam, body: jsonBody(ZChangeRole) },
      responses: { 200: jsonContent(ZMember, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { userId } = c.req.valid('param');
      const member = await changeStaffRole(
        c.get('deps'),
        storeOf(c).id,
        actorOf(c),
        userId,
        c.req.valid('json').role,
      );
      return c.json(member, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/staff/{userId}',
      tags: ['Admin: staff'],
      summary: 'Removes a member (owner for owners/admins; the last owner stays)',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZUserParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      await removeStaff(c.get('deps'), storeOf(c).id, actorOf(c), c.req.valid('param').userId);
      return c.body(null, 204);
    },
  );

export const staffApexRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/api/staff/invitations/accept',
    tags: ['Auth'],
    summary: 'Accepts a staff invitation (existing account: its password; new account: a new password)',
    middleware: [onlyOn('apex')] as const,
    request: { body: jsonBody(ZAccept) },
    responses: {
      200: jsonContent(
        z.object({
          accessToken: z.string(),
          expiresIn: z.number().int(),
          merchant: z.object({ id: z.string(), email: z.string() }),
          store: z.object({ handle: z.string(), role: ZRole }),
        }),
        'Joined the store',
      ),
      ...errorResponses(400, 401),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const r = await acceptInvitation(deps, c.req.valid('json'), clientIp(c));
    const refresh = await startUserRefreshSession(deps, r.userId, {
      userAgent: c.req.header('user-agent'),
      ip: clientIp(c),
    });
    setCookie(
      c,
      REFRESH_COOKIE,
      refresh.secret,
      sessionCookieOptions(deps.config, '/api/auth', REFRESH_TTL_SECONDS),
    );
    const token = await issueUserToken(deps.keys, r.userId, deps.config.ACCESS_TOKEN_TTL_SECONDS);
    return c.json(
      {
        accessToken: token.accessToken,
        expiresIn: token.expiresIn,
        merchant: { id: r.userId, email: r.email },
        store: { handle: r.handle, role: r.role },
      },
      200,
    );
  },
);
