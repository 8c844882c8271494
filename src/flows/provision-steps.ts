/**
 * The steps of provisioning a store (see ./provision-store.ts), each through
 * the module that owns the rows:
 *
 *   platform transaction (withPlatformAccess)
 *     1. the owner (auth: a new user, or the signed-in one)
 *     2. the tenant row (tenancy) — the app role cannot insert tenants
 *     3. switched into the new tenant (lib/db/tenant-switch.ts), exactly a withTenant:
 *        owner membership (tenancy), storefront settings and pages (stores),
 *        categories and products (catalog), the template stock's low-stock
 *        alerts (alerts), shipping and tax rates
 *        (checkout-settings), the order counter (orders), the audit entry
 *        (audit) and `tenant.provisioned` (outbox)
 *     4. back on the platform: the new merchant's verification email (auth)
 *
 * One transaction: either all of it commits or none of it does.
 * Money is integer minor units in the store currency.
 */
import type { Config } from '../lib/config.js';
import type { Trx } from '../lib/db/index.js';
import { asTenantWithinPlatformTransaction } from '../lib/db/tenant-switch.js';
import type { Deps } from '../lib/http/context.js';
import { enqueueOutbox } from '../lib/outbox.js';
import { sweepStockAlerts } from '../modules/alerts/service.js';
import { recordAudit } from '../modules/audit/service.js';
import { sendUserVerificationEmail } from '../modules/auth/email-flows.js';
import { insertUser } from '../modules/auth/repository/users.js';
import { initialPlan } from '../modules/billing/plans.js';
import { createCategory, createProduct } from '../modules/catalog/service.js';
import { insertShippingRate, upsertTaxRate } from '../modules/checkout-settings/repository.js';
import { createOrderCounter } from '../modules/orders/repository.js';
import { seedTemplateReviews } from '../modules/reviews/template-reviews.js';
import { writeStorefrontFromTemplate } from '../modules/stores/provisioning.js';
import { type StoreTemplate, templateAssetUrl } from '../modules/stores/templates.js';
import { insertMembership } from '../modules/tenancy/repository/memberships.js';
import { insertTenant } from '../modules/tenancy/repository/tenants.js';

export const TRIAL_DAYS = 14;

/** Who will own the store: a new merchant (signup) or a signed-in one (another store). */
export type Owner =
  | { kind: 'new'; email: string; passwordHash: string }
  | { kind: 'existing'; id: string; email: string };

export interface StoreSpec {
  storeName: string;
  handle: string;
  template: StoreTemplate;
  ip?: string;
}

export interface CreatedStore {
  user: { id: string; email: string };
  tenant: { id: string; handle: string; name: string; currency: string };
}

/** Steps 1–2 (platform): the owner and the tenant row. Unique violations name the taken email or handle. */
export async function createOwnerAndTenant(
  trx: Trx,
  config: Config,
  owner: Owner,
  spec: StoreSpec,
  now: Date,
): Promise<CreatedStore> {
  const user =
    owner.kind === 'new'
      ? await insertUser(trx, { email: owner.email, passwordHash: owner.passwordHash, now })
      : { id: owner.id, email: owner.email };
  const tenant = await insertTenant(trx, {
    handle: spec.handle,
    name: spec.storeName,
    currency: spec.template.manifest.currency,
    plan: initialPlan(config),
    trialEndsAt: new Date(now.getTime() + TRIAL_DAYS * 86_400_000),
    now,
  });
  return { user, tenant };
}

/** Step 3 (tenant): everything inside the new store, in the same transaction, as that store. */
export async function fillNewStore(
  trx: Trx,
  created: CreatedStore,
  spec: StoreSpec,
  now: Date,
): Promise<void> {
  const { user, tenant } = created;
  await asTenantWithinPlatformTransaction(trx, tenant.id, async (tenantTrx) => {
    await insertMembership(tenantTrx, { tenantId: tenant.id, userId: user.id, role: 'owner' });
    await writeStorefrontFromTemplate(tenantTrx, tenant.id, {
      manifest: spec.template.manifest,
      storeName: spec.storeName,
      contactEmail: user.email,
      now,
    });
    await writeCatalog(tenantTrx, tenant.id, spec.template);
    // Template stock at or below its thresholds opens its alerts now, in this transaction (one batched
    // email for them all), so Alerts agrees with the overview's low stock from the first page view —
    // not only once the worker has consumed the products' `product.created` events.
    await sweepStockAlerts(tenantTrx, tenant.id);
    await seedTemplateReviews(tenantTrx, tenant.id, spec.template.dir, now);
    await writeCheckoutSettings(tenantTrx, tenant.id, spec.template);
    await createOrderCounter(tenantTrx, tenant.id);
    await recordProvisioned(tenantTrx, created, spec);
  });
}

/** Categories then products, through the catalog service (stock, search, images). */
async function writeCatalog(trx: Trx, tenantId: string, template: StoreTemplate): Promise<void> {
  const { manifest, catalog } = template;
  for (const [i, c] of manifest.categories.entries()) {
    await createCategory(trx, tenantId, {
      handle: c.handle,
      name: c.name,
      description: c.description ?? null,
      position: i,
    });
  }
  for (const p of catalog.products) {
    await createProduct(trx, tenantId, {
      handle: p.handle,
      title: p.title,
      description: p.description,
      category: p.category ?? null,
      tags: p.tags,
      status: p.status,
      options: p.options,
      images: p.images.map((img) => ({ url: templateAssetUrl(manifest.name, img.file), alt: img.alt })),
      variants: p.variants,
    });
  }
}

/** The template's shipping and tax rates (minor units; tax in basis points). */
async function writeCheckoutSettings(trx: Trx, tenantId: string, template: StoreTemplate): Promise<void> {
  for (const [i, r] of template.manifest.shippingRates.entries()) {
    await insertShippingRate(trx, {
      tenant_id: tenantId,
      name: r.name,
      amount: r.amount,
      free_above: r.freeAbove ?? null,
      countries: r.countries,
      position: i,
      active: true,
    });
  }
  for (const t of template.manifest.taxRates) {
    await upsertTaxRate(trx, {
      tenant_id: tenantId,
      country: t.country,
      rate_bp: t.rateBp,
      inclusive: t.inclusive,
    });
  }
}

/** The audit entry and the `tenant.provisioned` event, in the store's own log and outbox. */
async function recordProvisioned(trx: Trx, created: CreatedStore, spec: StoreSpec): Promise<void> {
  const { user, tenant } = created;
  const template = spec.template.manifest.name;
  await recordAudit(trx, tenant.id, {
    actorType: 'user',
    actorId: user.id,
    action: 'store.created',
    targetType: 'tenant',
    targetId: tenant.id,
    ip: spec.ip,
    data: { handle: tenant.handle, template },
  });
  await enqueueOutbox(trx, tenant.id, {
    topic: 'tenant.provisioned',
    payload: { tenantId: tenant.id, handle: tenant.handle, template },
    dedupeKey: `tenant.provisioned:${tenant.id}`,
  });
}

/** Step 4 (platform): a new merchant confirms their address; the email leaves only if the store commits. */
export async function welcomeNewOwner(
  trx: Trx,
  deps: Pick<Deps, 'config' | 'now'>,
  owner: Owner,
  user: { id: string; email: string },
): Promise<void> {
  if (owner.kind === 'new') await sendUserVerificationEmail(trx, deps, user);
}
