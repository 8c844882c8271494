/**
 * The one door to the `plans` catalog (what each plan includes) and the
 * per-store locks and counts the limit checks need. The store's plan itself
 * is on its tenant row (tenancy/repository/tenants.ts).
 */
import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { PlansTable } from '../../lib/db/tables/billing.js';

export type PlanRow = Selectable<PlansTable>;

export async function listPlans(trx: Trx): Promise<PlanRow[]> {
  return trx.selectFrom('plans').selectAll().orderBy('position').execute();
}

export async function findPlan(trx: Trx, planId: string): Promise<PlanRow | undefined> {
  return trx.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
}

/** Serialises one store's writers of one limited thing for the rest of the transaction. */
export async function lockPlanLimit(trx: Trx, kind: string, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`plan-limit:${kind}:${tenantId}`}))`.execute(trx);
}

/**
 * Counts the store's products (for the product limit). A read of catalog's
 * table kept here because catalog calls the limit check (catalog → entitlements).
 */
export async function countProducts(trx: Trx, tenantId: string): Promise<number> {
  const row = await trx
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
