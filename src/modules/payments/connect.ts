/**
 * Stripe Connect onboarding for shopper payments: each store gets one Express
 * account (created once, idempotency key per store) and an account link to
 * finish onboarding on Stripe. The account's charges/payouts flags are kept in
 * sync by `account.updated` (re-read from Stripe, newest event wins).
 */
import type Stripe from 'stripe';
import { withPlatformAccess, withTenant } from '../../lib/db/index.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';
import { requireStripe } from '../billing/service.js';
import type { EventOutcome } from '../stripe-events/types.js';
import * as repo from './repository.js';

export interface PaymentsStatus {
  configured: boolean;
  provider: 'stripe' | 'manual';
  cardPayments: boolean;
  account: {
    id: string;
    chargesEnabled: boolean;
    payoutsEnabled: boolean;
    detailsSubmitted: boolean;
    disabledReason: string | null;
  } | null;
}

/** The onboarding user's e-mail address ('' when unknown). */
export function userEmail(deps: Deps, userId: string): Promise<string> {
  return repo.findUserEmail(deps.db, userId);
}

/** The account's capability flags as stored. */
function accountFlags(account: Stripe.Account): repo.AccountFlags {
  return {
    charges_enabled: account.charges_enabled ?? false,
    payouts_enabled: account.payouts_enabled ?? false,
    details_submitted: account.details_submitted ?? false,
    disabled_reason: account.requirements?.disabled_reason ?? null,
  };
}

export async function findConnectedAccount(deps: Deps, tenantId: string) {
  return withTenant(deps.db, tenantId, (trx) => repo.findConnectedAccountRow(trx, tenantId));
}

/** True when checkout may take card payments: Stripe configured and a charges-enabled account. */
export async function cardPaymentsEnabled(deps: Deps, tenantId: string): Promise<boolean> {
  if (!stripeFor(deps.config)) return false;
  const acct = await findConnectedAccount(deps, tenantId);
  return Boolean(acct?.charges_enabled);
}

export async function getPaymentsStatus(deps: Deps, tenantId: string): Promise<PaymentsStatus> {
  const configured = Boolean(stripeFor(deps.config));
  const acct = await findConnectedAccount(deps, tenantId);
  const card = configured && Boolean(acct?.charges_enabled);
  return {
    configured,
    provider: card ? 'stripe' : 'manual',
    cardPayments: card,
    account: acct
      ? {
          id: acct.account_id,
          chargesEnabled: acct.charges_enabled,
          payoutsEnabled: acct.payouts_enabled,
          detailsSubmitted: acct.details_submitted,
          disabledReason: acct.disabled_reason,
        }
      : null,
  };
}

export async function startConnectOnboarding(
  deps: Deps,
  input: { tenant: TenantInfo; email: string; returnBase: string },
): Promise<{ url: string; accountId: string }> {
  const stripe = requireStripe(deps);
  const { tenant } = input;
  const accountId = await withTenant(deps.db, tenant.id, async (trx) => {
    // Serialise onboarding per store; the idempotency key makes a retried create return the same account.
    await repo.lockTenantForOnboarding(trx, tenant.id);
    const existing = await repo.findConnectedAccountRow(trx, tenant.id);
    if (existing) return existing.account_id;
    const account = await stripe.accounts.create(
      {
        type: 'express',
        email: input.email,
        business_profile: { name: tenant.name },
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        metadata: { tenant_id: tenant.id, handle: tenant.handle },
      },
      { idempotencyKey: `storeloom-account-${tenant.id}` },
    );
    await repo.insertConnectedAccount(trx, tenant.id, account.id, accountFlags(account));
    return account.id;
  });
  const link = await stripe.accountLinks.create({
    account: accountId,
    type: 'account_onboarding',
    refresh_url: `${input.returnBase}/admin/payments?onboarding=refresh`,
    return_url: `${input.returnBase}/admin/payments?onboarding=done`,
  });
  return { url: link.url, accountId };
}

/** Platform read: the store that owns a connected account. */
export async function findTenantByAccount(deps: Deps, accountId: string): Promise<string | undefined> {
  return withPlatformAccess(deps.db, (trx) => repo.findTenantIdByAccount(trx, accountId));
}

export async function onAccountUpdated(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const obj = event.data.object as Stripe.Account;
  const tenantId = await findTenantByAccount(deps, obj.id);
  if (!tenantId) return { outcome: 'ignored:unknown_account' };
  const stripe = stripeFor(deps.config);
  const account = stripe ? await stripe.accounts.retrieve(obj.id) : obj;
  const current = Boolean(stripe);
  const applied = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await repo.lockAccountEventTime(trx, tenantId);
    if (!current && event.created < row.last_event_created) return false;
    await repo.updateAccountFlags(trx, tenantId, {
      ...accountFlags(account),
      last_event_created: Math.max(row.last_event_created, event.created),
    });
    return true;
  });
  return {
    outcome: applied ? `applied:charges_${account.charges_enabled ? 'on' : 'off'}` : 'stale',
    tenantId,
  };
}
