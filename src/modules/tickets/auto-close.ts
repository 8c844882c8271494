/**
 * Scheduled auto-close of one store's tickets: resolved longer than the
 * store's auto-close days, or waiting on the shopper (pending) without any
 * activity that long, become closed. Run by the per-store `care` scheduler
 * (queue `customer-care`, job `auto-close`) so a store whose inbox nobody
 * opens still closes its tickets. Idempotent (see repo.closeResolvedBefore).
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { readCareSettings } from '../care-settings/service.js';
import * as repo from './repository.js';

export function autoCloseTickets(db: Db, tenantId: string, now: Date): Promise<{ closed: number }> {
  return withTenant(db, tenantId, async (trx) => {
    const s = await readCareSettings(trx, tenantId);
    return { closed: await repo.closeResolvedBefore(trx, tenantId, now, s.autoCloseDays) };
  });
}
