/**
 * Store data export (issue #17): the store's products, customers, orders and
 * settings as one JSON document, for its owner (admin) and the platform owner
 * (console). Read in ONE tenant transaction (a consistent snapshot); secrets
 * (password hashes, tokens) are left out; the export is audited in the same
 * transaction. Money stays integer minor units, as stored.
 */
import { withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
import { getCurrentTenant } from '../tenancy/repository/tenants.js';
import { EXPORT_SECTIONS, selectStoreRows } from './repository-export.js';

export interface StoreExport {
  format: 'storeloom-store-export';
  version: 1;
  exportedAt: string;
  store: { id: string; handle: string; name: string; currency: string; timezone: string; plan: string };
  /** Section → table → rows. */
  data: Record<keyof typeof EXPORT_SECTIONS, Record<string, Record<string, unknown>[]>>;
  counts: Record<string, number>;
}

export async function exportStoreData(
  deps: Deps,
  tenantId: string,
  actor: StoreActor & { via: 'admin' | 'console' },
): Promise<StoreExport> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const t = await getCurrentTenant(trx, tenantId);
    if (!t) throw notFound('Store');
    const data = {} as StoreExport['data'];
    const counts: Record<string, number> = {};
    for (const [section, tables] of Object.entries(EXPORT_SECTIONS) as [
      keyof typeof EXPORT_SECTIONS,
      readonly (typeof EXPORT_SECTIONS)[keyof typeof EXPORT_SECTIONS][number][],
    ][]) {
      data[section] = {};
      for (const table of tables) {
        const rows = await selectStoreRows(trx, table, tenantId);
        data[section][table] = rows;
        counts[table] = rows.length;
      }
    }
    await auditStoreAction(trx, tenantId, actor, 'store.exported', {
      summary: `Store data exported (${actor.via})`,
      targetType: 'tenant',
      targetId: tenantId,
      data: { counts },
    });
    return {
      format: 'storeloom-store-export',
      version: 1,
      exportedAt: deps.now().toISOString(),
      store: {
        id: t.id,
        handle: t.handle,
        name: t.name,
        currency: t.currency,
        timezone: t.timezone,
        plan: t.plan,
      },
      data,
      counts,
    };
  });
}
