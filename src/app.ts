/**
 * The HTTP application: the request path (request id → logger → body limit →
 * site from Host → authentication), one guard per route family, the modules'
 * routers, the OpenAPI document and the one error handler.
 *
 * Route families and where they live:
 *   apex   /api/signup, /api/auth/*, /api/console/*, /webhooks/*, pages /, /signup, /login, /console/*
 *   store  /api/store/* (503 when suspended), /api/admin/* (members only), storefront and /admin pages
 */
import { bodyLimit } from 'hono/body-limit';
import { contextStorage } from 'hono/context-storage';
import { accessLookups } from './http/access.js';
import { pageSession } from './http/session.js';
import { siteResolver } from './http/site.js';
import { AppError } from './lib/errors.js';
import type { Deps } from './lib/http/context.js';
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
  app.notFound(() => {
    throw new AppError('not_found', 'Not found');
  });

  app.use('*', httpMetrics());
  // Lets layout components (the impersonation banner) read the request. Only where a page can render:
  // while one AsyncLocalStorage run holds the Context, every promise, timer and socket created in the
  // request points at it, so a JSON request's whole graph survived young-generation GCs for nothing
  // (the add to cart's bytes surviving a scavenge fell from ~23 kB to ~7 kB without it: bench/request-cost.ts).
  const pageContext = contextStorage();
  app.use('*', (c, next) => (neverHtml(c.req.path) ? next() : pageContext(c, next)));
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
  app.use('*', pageSession(), csrfProtection());

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
  return app;
}

export type App = ReturnType<typeof createApp>;
