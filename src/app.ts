/**
 * The HTTP application: the request path (request id → logger → body limit →
 * site from Host → authentication), one guard per route family, the modules'
 * routers, the OpenAPI document and the one error handler.
 *
 * Route families and where they live:
 *   apex   /api/signup, /api/auth/*, /api/console/*, /webhooks/*, pages /, /signup, /login, /console/*
 *   store  /api/store/* (503 when suspended), /api/admin/* (members only), storefront and /admin pages
 */

import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { contextStorage } from 'hono/context-storage';
import { accessLookups } from './http/access.js';
import { pageSession } from './http/session.js';
import { siteResolver } from './http/site.js';
import { AppError } from './lib/errors.js';
import type { AppEnv, Deps } from './lib/http/context.js';
import { csrfProtection } from './lib/http/csrf.js';
import { handleError, neverHtml } from './lib/http/errors.js';
import { httpMetrics } from './lib/http/http-metrics.js';
import { rejectHostileInput } from './lib/http/input-guard.js';
import {
  authenticate,
  onlyOn,
  requestContext,
  requireActiveStore,
  requirePlatformAdmin,
} from './lib/http/middleware.js';
import { createRouter } from './lib/http/openapi.js';
import { securityHeaders } from './lib/http/security-headers.js';
import { blockAdminWritesWhenSuspendedForBilling } from './modules/billing/guard.js';
import { tlsAskRoutes } from './modules/domains/admin-routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { metricsRoutes } from './modules/metrics/routes.js';
import { registerPaymentProviders } from './modules/payments/stripe-provider.js';
import { SURFACES } from './surfaces.js';
import { apiDocsPages } from './web/platform/api-docs.js';
import { webRoutes } from './web/routes.js';

export function createApp(deps: Deps) {
  registerPaymentProviders();
  const app = createRouter();
  app.onError(handleError);
  app.notFound(notFound);

  app.use('*', httpMetrics());
  // Lets layout components (the impersonation banner) read the request. Only where a page can render:
  // while one AsyncLocalStorage run holds the Context, every promise, timer and socket created in the
  // request points at it, so a JSON request's whole graph survived young-generation GCs for nothing
  // (the add to cart's bytes surviving a scavenge fell from ~23 kB to ~7 kB without it: bench/request-cost.ts).
  const pageContext = contextStorage();
  const pageContextOnPages: MiddlewareHandler<AppEnv> = (c, next) =>
    neverHtml(c.req.path) ? next() : pageContext(c, next);
  app.use('*', pageContextOnPages);
  app.use('*', requestContext(deps, accessLookups));
  app.use('*', securityHeaders(deps.config));
  const limitBody = bodyLimit({
    maxSize: deps.config.BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `The request body is larger than ${deps.config.BODY_LIMIT_BYTES} bytes`,
      );
    },
  });
  // Asking hono's bodyLimit for the body builds a full fetch Request (and an
  // AbortController) and re-reads the body through a web stream. GET and HEAD
  // carry no body we read; a body with a Content-Length (Node's parser reads
  // exactly that many bytes) is judged by its header. Only chunked bodies are
  // counted as they stream.
  app.use('*', (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return limitBody(c, next);
    if (Number(length) > deps.config.BODY_LIMIT_BYTES) {
      throw new AppError(
        'payload_too_large',
        `The request body is larger than ${deps.config.BODY_LIMIT_BYTES} bytes`,
      );
    }
    return next();
  });
  app.use('*', rejectHostileInput());
  app.route('/', healthRoutes);
  app.route('/', tlsAskRoutes);
  app.route('/', metricsRoutes);
  app.use('*', siteResolver());
  app.use('*', authenticate());
  // Pages: cookie session → principal, then CSRF on every unsafe page request (see the files).
  const session = pageSession();
  const csrf = csrfProtection();
  app.use('*', session, csrf);

  // Route-family guards. Per-route role checks live with the routes.
  app.use('/api/admin/*', onlyOn('store'));
  app.use('/api/store/*', onlyOn('store'), requireActiveStore());
  app.use('/api/console/*', onlyOn('apex'), requirePlatformAdmin());
  app.use('/api/signup', onlyOn('apex'));
  app.use('/api/auth/*', onlyOn('apex'));
  app.use('/api/admin/*', blockAdminWritesWhenSuspendedForBilling());

  // ── Module routes: each surface's routers (src/surfaces.ts), then the pages ──
  for (const surface of SURFACES) for (const router of surface.routers) app.route('/', router as never);
  // Pages last: src/web/routes.ts attaches every surface's page routers.
  app.route('/', webRoutes);

  // ── OpenAPI ──────────────────────────────────────────────────────────────
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Storeloom API',
      version: '1.0.0',
      description:
        'Platform (apex host), admin and store APIs (store host `{handle}.{apex}`). Money is integer minor units in the store currency.',
    },
  });
  app.route('/', apiDocsPages);

  // The store API answers from its own router (below); the three page-only middleware above call
  // next() at once for every /api/ path, so that router leaves them out.
  return withStoreApiRouter(app, new Set<unknown>([pageContextOnPages, session, csrf]));
}

function notFound(): never {
  throw new AppError('not_found', 'Not found');
}

/** The prefix of the storefront JSON API: add to cart, checkout, product reads (the hot requests). */
export const STORE_API_PREFIX = '/api/store/';

/**
 * Every request whose path starts with `/api/store/` is answered by a second,
 * small Hono app holding ONLY the full app's handlers that can match such a
 * path (the global middleware, the `/api/store/*` guards, the store routes),
 * in the same order, with the same error and not-found handlers — so it
 * matches exactly the handlers the full app would, minus `pageOnly`
 * middleware that pass /api/ paths straight through.
 *
 * Why: with all ~1,250 routes, hono's SmartRouter falls back to its
 * TrieRouter (RegExpRouter refuses a static segment beside a parameter at the
 * same position, e.g. `/admin/pricing/rules/new` vs `/admin/pricing/rules/:id`,
 * and public URLs must not change). The store API's routes alone are
 * RegExpRouter-compatible: one regular expression per method instead of a
 * trie walk over every family, and fewer middleware frames per request.
 * tests/http/store-api-router.test.ts checks both claims.
 *
 * Only the raw path is looked at: a percent-encoded prefix goes to the full
 * app, which still holds every route, so dispatch never changes an answer.
 */
function withStoreApiRouter<A extends Hono<AppEnv>>(app: A, pageOnly: ReadonlySet<unknown>) {
  let storeApi: Hono<AppEnv> | undefined;
  const buildStoreApi = () => {
    const sub = new Hono<AppEnv>();
    sub.onError(handleError);
    sub.notFound(notFound);
    for (const r of app.routes)
      if (!pageOnly.has(r.handler) && canMatchStoreApi(r.path)) sub.on(r.method, r.path, r.handler);
    return sub;
  };
  const fullFetch = app.fetch;
  app.fetch = (request, env, ctx) => {
    const url = request.url;
    const start = url.indexOf('/', url.indexOf(':') + 3);
    if (start < 0 || !url.startsWith(STORE_API_PREFIX, start)) return fullFetch(request, env, ctx);
    storeApi ??= buildStoreApi();
    return storeApi.fetch(request, env, ctx);
  };
  return Object.assign(app, {
    /** The store API's own app (built on its first request), for tests. */
    storeApi: () => {
      storeApi ??= buildStoreApi();
      return storeApi;
    },
  });
}

/**
 * Whether a route pattern can match some `/api/store/…` path: its first two
 * segments are `api` and `store` (or a parameter), or a wildcard comes first.
 * A superset is harmless (an extra pattern never matches a store path); a
 * missing pattern would change answers, which the router test rules out.
 */
export function canMatchStoreApi(pattern: string): boolean {
  if (pattern === '*' || pattern === '/*') return true;
  const segments = pattern.split('/').slice(1);
  const want = ['api', 'store'];
  for (let i = 0; i < want.length; i++) {
    const s = segments[i];
    if (s === undefined) return false;
    if (s === '*' || s.startsWith('*')) return true;
    if (s !== want[i] && !s.startsWith(':')) return false;
  }
  return true;
}

export type App = ReturnType<typeof createApp>;
