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
import { checkoutStoreRoutes, quoteStoreRoutes } from './flows/checkout-routes.js';
import { signupFlowRoutes } from './flows/signup-routes.js';
import { accessLookups } from './http/access.js';
import { pageSession } from './http/session.js';
import { siteResolver } from './http/site.js';
import { AppError } from './lib/errors.js';
import type { Deps } from './lib/http/context.js';
import { csrfProtection } from './lib/http/csrf.js';
import { handleError } from './lib/http/errors.js';
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
import { alertsAdminRoutes } from './modules/alerts/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { blockAdminWritesWhenSuspendedForBilling } from './modules/billing/guard.js';
import { billingAdminRoutes, billingConsoleRoutes } from './modules/billing/routes.js';
import { cartStoreRoutes } from './modules/cart/routes.js';
import { catalogAdminRoutes } from './modules/catalog/admin-routes.js';
import { categoryAdminRoutes } from './modules/catalog/category-routes.js';
import { catalogStoreRoutes } from './modules/catalog/store-routes.js';
import {
  checkoutSettingsAdminRoutes,
  checkoutSettingsStoreRoutes,
} from './modules/checkout-settings/routes.js';
import { consoleRoutes } from './modules/console/routes.js';
import { customerStoreRoutes } from './modules/customers/routes.js';
import { domainsAdminRoutes, tlsAskRoutes } from './modules/domains/admin-routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { inventoryAdminRoutes } from './modules/inventory/routes.js';
import { jobsConsoleRoutes } from './modules/jobs/routes.js';
import { metricsRoutes } from './modules/metrics/routes.js';
import { ordersAdminRoutes } from './modules/orders/admin-routes.js';
import { ordersStoreRoutes } from './modules/orders/store-routes.js';
import { paymentSettingsAdminRoutes } from './modules/payment-settings/admin-routes.js';
import { paymentsAdminRoutes, paymentsStoreRoutes } from './modules/payments/routes.js';
import { registerPaymentProviders } from './modules/payments/stripe-provider.js';
import { pricingAdminRoutes } from './modules/pricing/routes.js';
import { pricingRulesRoutes } from './modules/pricing/rules-routes.js';
import { promotionRulesRoutes } from './modules/promotion-rules/routes.js';
import { recommendationsAdminRoutes } from './modules/recommendations/admin-routes.js';
import { recommendationsStoreRoutes } from './modules/recommendations/store-routes.js';
import { restockAdminRoutes } from './modules/restock/routes.js';
import { restockSalesHistoryRoutes } from './modules/restock/sales-history-routes.js';
import { restockSupplierRoutes } from './modules/restock/supplier-routes.js';
import { returnsAdminRoutes } from './modules/returns/admin-routes.js';
import { returnsStoreRoutes } from './modules/returns/store-routes.js';
import { reviewsAdminRoutes } from './modules/reviews/admin-routes.js';
import { reviewsStoreRoutes } from './modules/reviews/store-routes.js';
import { settlementAdminRoutes } from './modules/settlement/routes.js';
import { signupRoutes } from './modules/signup/routes.js';
import { staffAdminRoutes, staffApexRoutes } from './modules/staff/routes.js';
import { storesAdminRoutes } from './modules/stores/admin-routes.js';
import { stripeWebhookRoutes } from './modules/stripe-events/routes.js';
import { ticketsAdminRoutes } from './modules/tickets/admin-routes.js';
import { ticketsStoreRoutes } from './modules/tickets/store-routes.js';
import { webhooksAdminRoutes } from './modules/webhooks/routes.js';
import { alertsAdminPages } from './web/admin/alerts.js';
import { careFeedbackAdminPages } from './web/admin/care-feedback.js';
import { careReturnsAdminPages } from './web/admin/care-returns.js';
import { careReviewsAdminPages } from './web/admin/care-reviews.js';
import { careTicketsAdminPages } from './web/admin/care-tickets.js';
import { pricingAdminPages } from './web/admin/pricing.js';
import { restockAdminPages } from './web/admin/restock.js';
import { webhooksAdminPages } from './web/admin/webhooks.js';
import { jobsConsolePages } from './web/console/jobs.js';
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
  app.use('*', contextStorage()); // lets layout components (the impersonation banner) read the request
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
  app.use('*', contextStorage());
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

  // ── Module routes ────────────────────────────────────────────────────────
  // (each module mounts its routers here; keep this list grouped by surface)
  app.route('/', alertsAdminRoutes);
  app.route('/', webhooksAdminRoutes);
  app.route('/', pricingAdminRoutes);
  app.route('/', pricingRulesRoutes);
  app.route('/', restockAdminRoutes);
  app.route('/', restockSupplierRoutes);
  app.route('/', restockSalesHistoryRoutes);
  app.route('/', jobsConsoleRoutes);
  app.route('/', pricingAdminPages);
  app.route('/', restockAdminPages);
  app.route('/', alertsAdminPages);
  app.route('/', careTicketsAdminPages);
  app.route('/', careReviewsAdminPages);
  app.route('/', careReturnsAdminPages);
  app.route('/', careFeedbackAdminPages);
  app.route('/', webhooksAdminPages);
  app.route('/', jobsConsolePages);
  app.route('/', authRoutes);
  app.route('/', staffAdminRoutes);
  app.route('/', staffApexRoutes);
  app.route('/', customerStoreRoutes);
  app.route('/', consoleRoutes);
  app.route('/', stripeWebhookRoutes);
  app.route('/', billingConsoleRoutes);
  app.route('/', billingAdminRoutes);
  app.route('/', paymentsAdminRoutes);
  app.route('/', paymentsStoreRoutes);
  app.route('/', settlementAdminRoutes);
  app.route('/', cartStoreRoutes);
  app.route('/', checkoutStoreRoutes);
  app.route('/', quoteStoreRoutes);
  app.route('/', paymentSettingsAdminRoutes);
  app.route('/', promotionRulesRoutes);
  app.route('/', ordersStoreRoutes);
  app.route('/', ordersAdminRoutes);
  app.route('/', reviewsStoreRoutes);
  app.route('/', reviewsAdminRoutes);
  app.route('/', ticketsStoreRoutes);
  app.route('/', ticketsAdminRoutes);
  app.route('/', returnsStoreRoutes);
  app.route('/', returnsAdminRoutes);
  app.route('/', checkoutSettingsAdminRoutes);
  app.route('/', checkoutSettingsStoreRoutes);
  app.route('/', signupRoutes);
  app.route('/', signupFlowRoutes);
  app.route('/', storesAdminRoutes);
  app.route('/', catalogAdminRoutes);
  app.route('/', categoryAdminRoutes);
  app.route('/', catalogStoreRoutes);
  app.route('/', inventoryAdminRoutes);
  app.route('/', recommendationsStoreRoutes);
  app.route('/', recommendationsAdminRoutes);
  app.route('/', domainsAdminRoutes);
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
