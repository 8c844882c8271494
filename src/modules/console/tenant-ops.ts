/**
 * The console's commercial levers on one store, each audited in the store's
 * log with the admin, the before/after and a reason: plan override (the
 * store's plan changes at once; a later Stripe subscription event may set it
 * again) and trial extension. !!! PLATFORM ACCESS !!! (behind requirePlatformAdmin).
 */
import { withPlatformAccess } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { recordAudit } from '../audit/service.js';
import { findSubscription, updateSubscription } from '../billing/repository.js';
import { findPlan } from '../entitlements/repository.js';
import {
  findTenantRow,
  lockTenantStatus,
  setTenantPlan,
  setTenantTrialEnd,
} from '../tenancy/repository/tenants.js';
import { forgetSite } from '../tenancy/site.js';
import type { Actor } from './impersonation.js';

const DAY_MS = 86_400_000;
export const MAX_TRIAL_EXTENSION_DAYS = 90;

/** A console action's reason: 3 to 500 characters, trimmed (else 400 with the field named). */
export function requireReason(reason: string): string {
  const r = reason.trim();
  if (r.length < 3 || r.length > 500)
    throw new AppError('validation_failed', 'Give a reason of 3 to 500 characters', {
      issues: [{ path: 'reason', message: 'Give a reason of 3 to 500 characters' }],
    });
  return r;
}

export async function overridePlan(
  deps: Deps,
  tenantId: string,
  actor: Actor,
  input: { plan: string; reason: string },
): Promise<void> {
  const reason = requireReason(input.reason);
  const handle = await withPlatformAccess(deps.db, async (trx) => {
    const t = await lockTenantStatus(trx, tenantId);
    if (!t || t.status === 'deleted') throw notFound('Tenant');
    if (!(await findPlan(trx, input.plan)))
      throw new AppError('validation_failed', 'Unknown plan', {
        issues: [{ path: 'plan', message: 'Choose a plan from the list' }],
      });
    const row = await findTenantRow(trx, tenantId);
    const from = row?.plan ?? null;
    if (from === input.plan) throw new AppError('invalid_state', `The store is already on ${input.plan}`);
    await setTenantPlan(trx, tenantId, input.plan);
    if (await findSubscription(trx, tenantId)) await updateSubscription(trx, tenantId, { plan: input.plan });
    await recordAudit(trx, tenantId, {
      actorType: 'platform_admin',
      actorId: actor.userId,
      action: 'tenant.plan_overridden',
      targetType: 'tenant',
      targetId: tenantId,
      ip: actor.ip,
      data: { from, to: input.plan, reason },
    });
    return t.handle;
  });
  forgetSite(handle);
}

export async function extendTrial(
  deps: Deps,
  tenantId: string,
  actor: Actor,
  input: { days: number; reason: string },
): Promise<{ trialEndsAt: string }> {
  const reason = requireReason(input.reason);
  const days = Math.trunc(input.days);
  if (!(days >= 1 && days <= MAX_TRIAL_EXTENSION_DAYS))
    throw new AppError('validation_failed', `Extend by 1 to ${MAX_TRIAL_EXTENSION_DAYS} days`, {
      issues: [{ path: 'days', message: `Extend by 1 to ${MAX_TRIAL_EXTENSION_DAYS} days` }],
    });
  const now = deps.now();
  return withPlatformAccess(deps.db, async (trx) => {
    const t = await lockTenantStatus(trx, tenantId);
    if (!t || t.status === 'deleted') throw notFound('Tenant');
    const row = await findTenantRow(trx, tenantId);
    const sub = await findSubscription(trx, tenantId);
    const current = sub?.trial_ends_at ?? row?.trial_ends_at ?? null;
    // Extends from the current end, or from now when the trial is already over.
    const base = current && new Date(current).getTime() > now.getTime() ? new Date(current) : now;
    const until = new Date(base.getTime() + days * DAY_MS);
    await setTenantTrialEnd(trx, tenantId, until, now);
    if (sub) await updateSubscription(trx, tenantId, { trial_ends_at: until });
    await recordAudit(trx, tenantId, {
      actorType: 'platform_admin',
      actorId: actor.userId,
      action: 'tenant.trial_extended',
      targetType: 'tenant',
      targetId: tenantId,
      ip: actor.ip,
      data: { from: current ? new Date(current).toISOString() : null, to: until.toISOString(), days, reason },
    });
    return { trialEndsAt: until.toISOString() };
  });
}

/** A destructive console action names the store again: the typed handle must match. */
export function assertConfirmed(handle: string, typed: string | undefined): void {
  if ((typed ?? '').trim().toLowerCase() !== handle.toLowerCase())
    throw new AppError('validation_failed', `Type ${handle} to confirm`, {
      issues: [{ path: 'confirm', message: `Type ${handle} to confirm` }],
    });
}
