/**
 * The store's payment settings and what they mean for an order: how long an
 * unpaid order holds its stock (manual: `holdDays`, default 7; card: the
 * checkout's short hold) and what the shopper is told about paying.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
import * as repo from './repository.js';
import type { ManualMethod, UpdatePaymentSettingsInput } from './schemas.js';

export const DEFAULT_HOLD_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ManualPaymentSettings {
  enabled: boolean;
  method: ManualMethod;
  instructions: string;
  holdDays: number;
}

type SettingsFields = Pick<
  repo.PaymentSettingsRow,
  'manual_enabled' | 'manual_method' | 'instructions' | 'hold_days'
>;

/** A row (or the json fragment's object) as settings; none = the defaults. */
export function toManualSettings(row: SettingsFields | null | undefined): ManualPaymentSettings {
  return {
    enabled: row?.manual_enabled ?? true,
    method: row?.manual_method ?? 'transfer',
    instructions: row?.instructions ?? '',
    holdDays: row?.hold_days ?? DEFAULT_HOLD_DAYS,
  };
}

/** What the shopper reads about paying: the merchant's text, or a sensible default per method. */
export function shopperInstructions(s: ManualPaymentSettings): string {
  if (s.instructions.trim()) return s.instructions.trim();
  return s.method === 'cash_on_delivery'
    ? 'Pay in cash when your order is delivered.'
    : 'The store will e-mail you how to pay. Your order ships once your payment arrives.';
}

/** How long an unpaid manual-payment order keeps its stock, in ms. */
export function manualHoldMs(s: ManualPaymentSettings): number {
  return s.holdDays * DAY_MS;
}

export async function readManualSettings(trx: Trx, tenantId: string): Promise<ManualPaymentSettings> {
  return toManualSettings(await repo.findPaymentSettings(trx, tenantId));
}

export function getManualSettings(db: Db, tenantId: string): Promise<ManualPaymentSettings> {
  return withTenant(db, tenantId, (trx) => readManualSettings(trx, tenantId));
}

const METHOD_NAMES: Record<ManualMethod, string> = {
  transfer: 'bank transfer',
  cash_on_delivery: 'cash on delivery',
};

/**
 * Applies a PATCH (absent fields keep their value); returns the new settings.
 * With an actor (a merchant's request) the change lands in the store's audit log.
 */
export function updateManualSettings(
  db: Db,
  tenantId: string,
  patch: UpdatePaymentSettingsInput,
  now: Date,
  actor?: StoreActor,
): Promise<ManualPaymentSettings> {
  return withTenant(db, tenantId, async (trx) => {
    const current = await readManualSettings(trx, tenantId);
    const next = { ...current, ...stripUndefined(patch.manual ?? {}) };
    const row = await repo.upsertPaymentSettings(trx, {
      tenant_id: tenantId,
      manual_enabled: next.enabled,
      manual_method: next.method,
      instructions: next.instructions,
      hold_days: next.holdDays,
      updated_at: now,
    });
    const saved = toManualSettings(row);
    if (actor)
      await auditStoreAction(trx, tenantId, actor, 'settings.updated', {
        summary: saved.enabled
          ? `Updated payment settings: ${METHOD_NAMES[saved.method]}, stock held ${saved.holdDays} day${saved.holdDays === 1 ? '' : 's'}`
          : 'Updated payment settings: manual payment turned off',
        targetType: 'payment_settings',
      });
    return saved;
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
