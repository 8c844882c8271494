/**
 * Provisioning: a new merchant and a live store from a template, in ONE
 * transaction — the user, the tenant (trial), the owner membership, the
 * store's settings (theme, navigation, home), content pages, categories and
 * products (through the catalog service), shipping and tax rates, the order
 * counter, an audit entry and the `tenant.provisioned` outbox event. Either
 * all of it commits or none of it does.
 *
 * Idempotency: the unique indexes on users.email and tenants.handle are the
 * arbiters. Two identical signups racing block on those indexes; the loser
 * fails with a unique violation AFTER the winner committed, and
 * `findReplay` then recognises "same email + same handle + correct password,
 * store created a few minutes ago by this user" and returns the same store
 * (`replayed: true`). Anything else that collides is 409 handle_taken /
 * email_taken.
 *
 * Money is integer minor units in the store currency.
 */
import { sql } from 'kysely';
import { hashPassword, verifyPassword } from '../lib/auth/password.js';
import { storeUrl } from '../lib/config.js';
import { type Trx, withPlatformAccess } from '../lib/db/index.js';
import { AppError } from '../lib/errors.js';
import type { Deps } from '../lib/http/context.js';
import { enqueueOutbox } from '../lib/outbox.js';
import { recordAudit } from '../modules/audit/service.js';
import { sendUserVerificationEmail } from '../modules/auth/email-flows.js';
import { initialPlan } from '../modules/billing/plans.js';
import { createCategory, createProduct } from '../modules/catalog/service.js';
import { type StoreTemplate, templateAssetUrl } from '../modules/stores/templates.js';

export const TRIAL_DAYS = 14;
/** How long after signup an identical retry returns the same store instead of 409. */
export const REPLAY_WINDOW_MS = 10 * 60_000;

export interface ProvisionInput {
  email: string;
  password: string;
  storeName: string;
  /** Already normalised and validated (see src/modules/signup/handle-rules.ts). */
  handle: string;
  template: StoreTemplate;
  ip?: string;
}

export interface ProvisionResult {
  store: { id: string; handle: string; name: string; url: string; currency: string };
  merchant: { id: string; email: string };
  /** True when this was an identical retry of a signup that already succeeded. */
  replayed: boolean;
}

export interface ProvisionOptions {
  /**
   * Test seam: runs inside the transaction after every row was written and
   * before commit. A throw here must leave nothing behind.
   */
  beforeCommit?: (trx: Trx, tenantId: string) => Promise<void>;
  /** Pre-computed password hash (the seed reuses one); default: scrypt of input.password. */
  passwordHash?: string;
}

type Conflict = 'handle' | 'email';

function uniqueConflict(err: unknown): Conflict | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown };
  if (e.code !== '23505') return undefined;
  if (e.constraint === 'tenants_handle_key') return 'handle';
  if (e.constraint === 'users_email_key') return 'email';
  return undefined;
}

/**
 * Platform read: is this an identical retry of a completed signup? Returns
 * the result to replay, or the conflict to report.
 */
export async function findReplay(
  deps: Deps,
  input: Pick<ProvisionInput, 'email' | 'password' | 'handle'>,
): Promise<{ result?: ProvisionResult; conflict?: Conflict }> {
  // Platform access: the store is not the caller's yet (no token), and the
  // user/tenant pair is what we are asked to recognise.
  const found = await withPlatformAccess(deps.db, async (trx) => {
    const tenant = await trx
      .selectFrom('tenants')
      .select(['id', 'handle', 'name', 'currency', 'created_at'])
      .where('handle', '=', input.handle)
      .executeTakeFirst();
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'password_hash'])
      .where('email', '=', input.email)
      .executeTakeFirst();
    const owner =
      tenant && user
        ? await trx
            .selectFrom('memberships')
            .select('role')
            .where('tenant_id', '=', tenant.id)
            .where('user_id', '=', user.id)
            .where('role', '=', 'owner')
            .executeTakeFirst()
        : undefined;
    return { tenant, user, owner };
  });
  const { tenant, user, owner } = found;
  if (!tenant && !user) return {};
  const recent = tenant && deps.now().getTime() - new Date(tenant.created_at).getTime() < REPLAY_WINDOW_MS;
  if (tenant && user && owner && recent && (await verifyPassword(input.password, user.password_hash))) {
    return {
      result: {
        store: {
          id: tenant.id,
          handle: tenant.handle,
          name: tenant.name,
          url: storeUrl(deps.config, tenant.handle),
          currency: tenant.currency,
        },
        merchant: { id: user.id, email: user.email },
        replayed: true,
      },
    };
  }
  return { conflict: tenant ? 'handle' : 'email' };
}

function conflictError(conflict: Conflict): AppError {
  return conflict === 'handle'
    ? new AppError('handle_taken', 'This store address is already taken')
    : new AppError(
        'email_taken',
        'An account with this email already exists; sign in to open another store with it',
      );
}

/** Creates the merchant and the store; see the module doc for idempotency. */
export async function provisionStore(
  deps: Deps,
  input: ProvisionInput,
  opts: ProvisionOptions = {},
): Promise<ProvisionResult> {
  // Cheap pre-check: a retry after success is answered without hashing or locking.
  const pre = await findReplay(deps, input);
  if (pre.result) return pre.result;
  if (pre.conflict) throw conflictError(pre.conflict);

  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  try {
    return await createEverything(deps, { kind: 'new', email: input.email, passwordHash }, input, opts);
  } catch (err) {
    const conflict = uniqueConflict(err);
    if (!conflict) throw err;
    // Lost a race with a concurrent signup: the winner has committed by now.
    const again = await findReplay(deps, input);
    if (again.result) return again.result;
    throw conflictError(again.conflict ?? conflict);
  }
}

/** Who will own the store: a new merchant (signup) or a signed-in one (another store). */
type Owner =
  | { kind: 'new'; email: string; passwordHash: string }
  | { kind: 'existing'; id: string; email: string };

async function createEverything(
  deps: Deps,
  owner: Owner,
  input: Omit<ProvisionInput, 'email' | 'password'>,
  opts: ProvisionOptions,
): Promise<ProvisionResult> {
  const { manifest, catalog } = input.template;
  const now = deps.now();
  const trialEndsAt = new Date(now.getTime() + TRIAL_DAYS * 86_400_000);

  // Platform access: signup creates a user (a platform-level identity) and a
  // tenant row, which no tenant transaction may insert; everything else below
  // is written with the new tenant's id explicitly, and app.tenant_id is set
  // too so code that reads it (ledger, outbox) sees the new store.
  return withPlatformAccess(deps.db, async (trx) => {
    const user =
      owner.kind === 'new'
        ? await trx
            .insertInto('users')
            .values({ email: owner.email, password_hash: owner.passwordHash, updated_at: now })
            .returning(['id', 'email'])
            .executeTakeFirstOrThrow()
        : { id: owner.id, email: owner.email };
    const tenant = await trx
      .insertInto('tenants')
      .values({
        handle: input.handle,
        name: input.storeName,
        currency: manifest.currency,
        plan: initialPlan(deps.config),
        trial_ends_at: trialEndsAt,
        updated_at: now,
      })
      .returning(['id', 'handle', 'name', 'currency'])
      .executeTakeFirstOrThrow();
    const tenantId = tenant.id;
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);

    await trx
      .insertInto('memberships')
      .values({ tenant_id: tenantId, user_id: user.id, role: 'owner' })
      .execute();
    await trx
      .insertInto('store_settings')
      .values({
        tenant_id: tenantId,
        template: manifest.name,
        tagline: manifest.tagline ?? null,
        theme: JSON.stringify(manifest.theme),
        navigation: JSON.stringify(manifest.navigation),
        seo: JSON.stringify({
          title: input.storeName,
          description: manifest.tagline ?? manifest.description,
        }),
        home: JSON.stringify(manifest.home),
        contact_email: user.email,
        updated_at: now,
      })
      .execute();
    if (manifest.pages.length > 0) {
      await trx
        .insertInto('store_pages')
        .values(
          manifest.pages.map((p, i) => ({
            tenant_id: tenantId,
            slug: p.slug,
            title: p.title,
            body: p.body.replaceAll('{name}', input.storeName),
            published: true,
            position: i,
            updated_at: now,
          })),
        )
        .execute();
    }
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
    await trx
      .insertInto('shipping_rates')
      .values(
        manifest.shippingRates.map((r, i) => ({
          tenant_id: tenantId,
          name: r.name,
          amount: r.amount,
          free_above: r.freeAbove ?? null,
          countries: r.countries,
          position: i,
        })),
      )
      .execute();
    if (manifest.taxRates.length > 0) {
      await trx
        .insertInto('tax_rates')
        .values(
          manifest.taxRates.map((t) => ({
            tenant_id: tenantId,
            country: t.country,
            rate_bp: t.rateBp,
            inclusive: t.inclusive,
          })),
        )
        .execute();
    }
    await trx
      .insertInto('order_counters')
      .values({ tenant_id: tenantId })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    await recordAudit(trx, tenantId, {
      actorType: 'user',
      actorId: user.id,
      action: 'store.created',
      targetType: 'tenant',
      targetId: tenantId,
      ip: input.ip,
      data: { handle: tenant.handle, template: manifest.name },
    });
    await enqueueOutbox(trx, tenantId, {
      topic: 'tenant.provisioned',
      payload: { tenantId, handle: tenant.handle, template: manifest.name },
      dedupeKey: `tenant.provisioned:${tenantId}`,
    });
    // A new merchant confirms their address; the email leaves only if the store commits.
    if (owner.kind === 'new') await sendUserVerificationEmail(trx, deps, user);
    if (opts.beforeCommit) await opts.beforeCommit(trx, tenantId);
    return {
      store: {
        id: tenantId,
        handle: tenant.handle,
        name: tenant.name,
        url: storeUrl(deps.config, tenant.handle),
        currency: tenant.currency,
      },
      merchant: { id: user.id, email: user.email },
      replayed: false,
    };
  });
}

/**
 * Another store for a signed-in merchant (POST /api/stores): the same
 * provisioning, owned by the existing user. An identical retry (same user,
 * same handle, store created within REPLAY_WINDOW_MS) returns the same store.
 */
export async function provisionStoreForUser(
  deps: Deps,
  userId: string,
  input: Omit<ProvisionInput, 'email' | 'password'>,
  opts: ProvisionOptions = {},
): Promise<ProvisionResult> {
  // Platform access: the user is a platform identity and the handle is
  // unique across every tenant.
  const lookup = () =>
    withPlatformAccess(deps.db, async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email'])
        .where('id', '=', userId)
        .executeTakeFirst();
      const tenant = await trx
        .selectFrom('tenants')
        .select(['id', 'handle', 'name', 'currency', 'created_at'])
        .where('handle', '=', input.handle)
        .executeTakeFirst();
      const owns = tenant
        ? await trx
            .selectFrom('memberships')
            .select('role')
            .where('tenant_id', '=', tenant.id)
            .where('user_id', '=', userId)
            .where('role', '=', 'owner')
            .executeTakeFirst()
        : undefined;
      return { user, tenant, owns };
    });
  const replayOrConflict = async (): Promise<ProvisionResult> => {
    const { user, tenant, owns } = await lookup();
    if (!user) throw new AppError('unauthenticated', 'Sign in as a merchant');
    if (tenant && owns && deps.now().getTime() - new Date(tenant.created_at).getTime() < REPLAY_WINDOW_MS) {
      return {
        store: {
          id: tenant.id,
          handle: tenant.handle,
          name: tenant.name,
          url: storeUrl(deps.config, tenant.handle),
          currency: tenant.currency,
        },
        merchant: { id: user.id, email: user.email },
        replayed: true,
      };
    }
    throw conflictError('handle');
  };

  const { user, tenant } = await lookup();
  if (!user) throw new AppError('unauthenticated', 'Sign in as a merchant');
  if (tenant) return replayOrConflict();
  try {
    return await createEverything(deps, { kind: 'existing', id: user.id, email: user.email }, input, opts);
  } catch (err) {
    if (uniqueConflict(err) === 'handle') return replayOrConflict();
    throw err;
  }
}
