/**
 * The store's custom domain (admin API: reads staff, writes owner/admin) and
 * the on-demand TLS question asked by the proxy in front of Storeloom.
 */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  addStoreDomain,
  getStoreDomain,
  isTlsAllowed,
  removeStoreDomain,
  verifyStoreDomain,
} from './service.js';

const tags = ['Admin: custom domain'];
const read = { middleware: [requireStoreRole('staff')], security: BEARER, tags };
const write = { middleware: [requireStoreRole('admin')], security: BEARER, tags };

const ZRecord = z.object({ type: z.enum(['TXT', 'CNAME']), name: z.string(), value: z.string() });
const ZDomain = z
  .object({
    domain: z.string(),
    status: z.enum(['pending', 'verified', 'failing']),
    verifiedAt: z.string().nullable(),
    lastCheckedAt: z.string().nullable(),
    lastCheckError: z.string().nullable(),
    records: z.array(ZRecord),
  })
  .openapi('CustomDomain');
const ZDomainState = z
  .object({ entitled: z.boolean(), planName: z.string(), domain: ZDomain.nullable() })
  .openapi('CustomDomainState');
const ZAddDomain = z.object({ domain: z.string().trim().min(3).max(253) }).strict();

export const domainsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      ...read,
      method: 'get',
      path: '/api/admin/domain',
      responses: {
        200: jsonContent(ZDomainState, 'The store custom domain'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => c.json(await getStoreDomain(c.get('deps'), storeOf(c).id), 200),
  )
  .openapi(
    createRoute({
      ...write,
      method: 'post',
      path: '/api/admin/domain',
      request: { body: jsonBody(ZAddDomain) },
      responses: {
        201: jsonContent(ZDomain, 'Added; create the DNS records shown, then verify'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await addStoreDomain(c.get('deps'), storeOf(c).id, c.req.valid('json').domain), 201),
  )
  .openapi(
    createRoute({
      ...write,
      method: 'post',
      path: '/api/admin/domain/verify',
      responses: { 200: jsonContent(ZDomain, 'Checked now'), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await verifyStoreDomain(c.get('deps'), storeOf(c).id), 200),
  )
  .openapi(
    createRoute({
      ...write,
      method: 'delete',
      path: '/api/admin/domain',
      responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await removeStoreDomain(c.get('deps'), storeOf(c).id);
      return c.body(null, 204);
    },
  );

/**
 * GET /tls/allowed?domain=… — 200 when a certificate may be issued for the
 * host, 404 otherwise. Any Host (the proxy asks by address, before a site
 * exists); it reveals only whether a host is served, which DNS tells anyway.
 */
export const tlsAskRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/tls/allowed',
    tags: ['Platform'],
    request: { query: z.object({ domain: z.string().min(1).max(253) }) },
    responses: {
      200: jsonContent(z.object({ allowed: z.literal(true) }), 'Serve this host'),
      404: jsonContent(z.object({ allowed: z.literal(false) }), 'Not a host of this platform'),
    },
  }),
  async (c) =>
    (await isTlsAllowed(c.get('deps'), c.req.valid('query').domain))
      ? c.json({ allowed: true as const }, 200)
      : c.json({ allowed: false as const }, 404),
);
