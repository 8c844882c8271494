/**
 * Server-rendered pages, mounted in src/app.ts with ONE line
 * (`app.route('/', webRoutes)`). Page routers of every surface are attached
 * here, so the order of page routes lives in one file:
 *
 *   `/`                        apex → landing page; store host → storefront home (one dispatcher)
 *   `/signup` (GET, POST)      apex: signup form (works without JS)
 *   `/pages/:slug`             store: content pages
 *   shopping pages, robots.txt, sitemap.xml   see storefront/routes.tsx (helper E)
 *   `/template-assets/:t/*`    any host: template images (read-only files)
 *
 * A suspended store's storefront pages answer the "store unavailable" page
 * with 503 (`storeUnavailableResponse`); its /admin stays reachable.
 */
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { AppError } from '../lib/errors.js';
import type { AppEnv } from '../lib/http/context.js';
import { loadTemplates, templateAssetPath } from '../modules/stores/templates.js';
import { adminAuditPages } from './admin/audit.js';
import { adminCustomerPages } from './admin/customers.js';
import { domainSettingsPages } from './admin/domain-settings.js';
import { adminInventoryPages } from './admin/inventory.js';
import { adminOrderPages } from './admin/orders/index.js';
import { adminShellPages } from './admin/overview.js';
import { paymentSettingsPages } from './admin/payment-settings.js';
import { adminProductPages } from './admin/products.js';
import { promotionRulesPages } from './admin/promotion-rules.js';
import { promotionRuleActions } from './admin/promotion-rules-actions.js';
import { recommendationsAdminPages } from './admin/recommendations.js';
import { adminSettingsPages } from './admin/settings/index.js';
import { adminMoneyPages } from './admin/settlement.js';
import { adminStaffPages } from './admin/staff.js';
import { adminStoreDataPages } from './admin/store-data.js';
import { consoleBillingPages } from './console/billing.js';
import { impersonationPages } from './console/impersonation-pages.js';
import { consolePages } from './console/pages.js';
import { consoleStoreExportPages } from './console/store-export.js';
import { devMailPages } from './dev/mail.js';
import { mediaRoutes } from './media.js';
import { accountPages } from './platform/login.js';
import { signupPage, signupSubmit } from './platform/signup.js';
import { storefrontCareRoutes } from './storefront/care-routes.js';
import { contentPage, landingOrStoreHome } from './storefront/home.js';
import { shopperPasswordPages } from './storefront/password-reset.js';
import { recommendationPages } from './storefront/recommendation-routes.js';
import { storefrontShopRoutes } from './storefront/routes.js';

export const webRoutes = new Hono<AppEnv>();

// Warm the template cache so the first signup does not pay for parsing.
loadTemplates().catch(() => {});

webRoutes.route('/', recommendationPages);
webRoutes.get('/', landingOrStoreHome);
webRoutes.get('/signup', signupPage);
webRoutes.post('/signup', signupSubmit);
webRoutes.get('/pages/:slug', contentPage);
webRoutes.route('/', accountPages);
webRoutes.route('/', adminShellPages);
webRoutes.route('/', adminStaffPages);
webRoutes.route('/', adminProductPages);
webRoutes.route('/', adminInventoryPages);
webRoutes.route('/', adminCustomerPages);
webRoutes.route('/', consolePages);
webRoutes.route('/', impersonationPages);
webRoutes.route('/', domainSettingsPages);
webRoutes.route('/', devMailPages);
webRoutes.route('/', shopperPasswordPages);
webRoutes.route('/', adminMoneyPages);
webRoutes.route('/', adminStoreDataPages);
webRoutes.route('/', adminOrderPages);
webRoutes.route('/', adminAuditPages);
webRoutes.route('/', adminSettingsPages);
webRoutes.route('/', paymentSettingsPages);
webRoutes.route('/', promotionRulesPages);
webRoutes.route('/', promotionRuleActions);
webRoutes.route('/', consoleBillingPages);
webRoutes.route('/', consoleStoreExportPages);
webRoutes.route('/', recommendationsAdminPages);
webRoutes.route('/', storefrontShopRoutes);
webRoutes.route('/', storefrontCareRoutes);
webRoutes.route('/', mediaRoutes);

const CONTENT_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

webRoutes.get('/template-assets/:template/*', async (c) => {
  const template = c.req.param('template');
  const prefix = `/template-assets/${template}/`;
  const file = decodeURIComponent(c.req.path.slice(prefix.length));
  const full = templateAssetPath(template, file);
  if (!full) throw new AppError('not_found', 'Not found');
  let body: Buffer;
  try {
    body = await readFile(full);
  } catch {
    throw new AppError('not_found', 'Not found');
  }
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  c.header('content-type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
  c.header('cache-control', 'public, max-age=86400');
  c.header('x-content-type-options', 'nosniff');
  // SVGs are our own files, but never let one run script if opened directly.
  if (ext === 'svg') c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
  return c.body(new Uint8Array(body));
});
