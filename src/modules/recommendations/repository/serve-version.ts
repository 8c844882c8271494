/**
 * The version of a store's recommendation set, for the per-process serving cache: it changes whenever a
 * build (full or incremental) or a merchant's settings/pins/exclusions change what a store serves.
 *
 * It is the transaction ids that last wrote the store's `recommendation_builds` and
 * `recommendation_settings` rows (`xmin`): every update of a row gives it a new xmin, so the version
 * changes with each commit even when the clock does not (tests with a fixed clock, two builds in the same
 * millisecond), and reading it is two primary-key lookups in one statement.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

/** The version as a text expression (a statement fragment). */
export const setVersion = (tenantId: string) => sql<string>`(
  coalesce((select b.xmin::text from recommendation_builds b where b.tenant_id = ${tenantId}), '-')
  || '.' || coalesce((select s.xmin::text from recommendation_settings s where s.tenant_id = ${tenantId}), '-'))`;

/**
 * Marks the store's merchant configuration changed (pins, exclusions): a new version of its settings
 * row, so every process's cache drops the store's lists. Creates the row with the defaults if missing.
 */
export async function touchSettings(trx: Trx, tenantId: string): Promise<void> {
  await sql`
    insert into recommendation_settings (tenant_id) values (${tenantId})
    on conflict (tenant_id) do update set updated_at = clock_timestamp()`.execute(trx);
}
