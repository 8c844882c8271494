/**
 * Provisioning: a new merchant and a live store from a template, in ONE
 * transaction — the user, the tenant (trial), the owner membership, the
 * store's settings (theme, navigation, home), content pages, categories and
 * products, shipping and tax rates, the order counter, an audit entry and the
 * `tenant.provisioned` outbox event (the steps: ./provision-steps.ts). Either
 * all of it commits or none of it does.
 *
 * Idempotency: the unique indexes on users.email and tenants.handle are the
 * arbiters. Two identical signups racing block on those indexes; the loser
 * fails with a unique violation AFTER the winner committed, and
 * `findReplay` then recognises "same email + same handle + correct password,
 * store created a few minutes ago by this user" and returns the same store
 * (`replayed: true`). Anything else that collides is 409 handle_taken /
 * email_taken.
 */
import { hashPassword, verifyPassword } from '../lib/auth/password.js';
import { storeUrl } from '../lib/config.js';
import { type Trx, withPlatformAccess } from '../lib/db/index.js';
import { AppError } from '../lib/errors.js';
import type { Deps } from '../lib/http/context.js';
import { findUserAccount, findUserByEmail } from '../modules/auth/repository/users.js';
import type { StoreTemplate } from '../modules/stores/templates.js';
import { findMember } from '../modules/tenancy/repository/memberships.js';
import { findTenantSummaryByHandle, type TenantSummary } from '../modules/tenancy/repository/tenants.js';
import { createOwnerAndTenant, fillNewStore, type Owner, welcomeNewOwner } from './provision-steps.js';

export { TRIAL_DAYS } from './provision-steps.js';
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

function conflictError(conflict: Conflict): AppError {
  return conflict === 'handle'
    ? new AppError('handle_taken', 'This store address is already taken')
    : new AppError(
        'email_taken',
        'An account with this email already exists; sign in to open another store with it',
      );
}

function replayOf(deps: Deps, tenant: TenantSummary, user: { id: string; email: string }): ProvisionResult {
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

const isRecent = (deps: Deps, tenant: TenantSummary) =>
  deps.now().getTime() - new Date(tenant.created_at).getTime() < REPLAY_WINDOW_MS;

/** Platform read: the store with this handle, and whether `userId` owns it. */
async function findStoreAndOwnership(trx: Trx, handle: string, userId: string | undefined) {
  const tenant = await findTenantSummaryByHandle(trx, handle);
  const member = tenant && userId ? await findMember(trx, tenant.id, userId) : undefined;
  return { tenant, owns: member?.role === 'owner' };
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
  const { tenant, user, owns } = await withPlatformAccess(deps.db, async (trx) => {
    const user = await findUserByEmail(trx, input.email);
    return { user, ...(await findStoreAndOwnership(trx, input.handle, user?.id)) };
  });
  if (!tenant && !user) return {};
  if (
    tenant &&
    user &&
    owns &&
    isRecent(deps, tenant) &&
    (await verifyPassword(input.password, user.password_hash))
  ) {
    return { result: replayOf(deps, tenant, user) };
  }
  return { conflict: tenant ? 'handle' : 'email' };
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

/**
 * The one provisioning transaction. Platform access: signup creates a user (a
 * platform-level identity) and a tenant row, which no tenant transaction may
 * insert; the store's own rows are then written switched into the new tenant.
 */
async function createEverything(
  deps: Deps,
  owner: Owner,
  input: Omit<ProvisionInput, 'email' | 'password'>,
  opts: ProvisionOptions,
): Promise<ProvisionResult> {
  const now = deps.now();
  return withPlatformAccess(deps.db, async (trx) => {
    const created = await createOwnerAndTenant(trx, deps.config, owner, input, now);
    await fillNewStore(trx, created, input, now);
    await welcomeNewOwner(trx, deps, owner, created.user);
    if (opts.beforeCommit) await opts.beforeCommit(trx, created.tenant.id);
    const { tenant, user } = created;
    return {
      store: { ...tenant, url: storeUrl(deps.config, tenant.handle) },
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
    withPlatformAccess(deps.db, async (trx) => ({
      user: await findUserAccount(trx, userId),
      ...(await findStoreAndOwnership(trx, input.handle, userId)),
    }));
  const replayOrConflict = async (): Promise<ProvisionResult> => {
    const { user, tenant, owns } = await lookup();
    if (!user) throw new AppError('unauthenticated', 'Sign in as a merchant');
    if (tenant && owns && isRecent(deps, tenant)) return replayOf(deps, tenant, user);
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
