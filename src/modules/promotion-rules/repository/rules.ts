/** All SQL for promotion rules and the store's promotion settings. */
import type { CompiledQuery, Insertable, Selectable, Updateable } from 'kysely';
import { isUuid, type Trx } from '../../../lib/db/index.js';
import type { PromotionRulesTable, PromotionSettingsTable } from '../../../lib/db/tables/promotion-rules.js';

export type RuleRow = Selectable<PromotionRulesTable>;
export type SettingsRow = Selectable<PromotionSettingsTable>;

export function listRuleRows(trx: Trx, tenantId: string): Promise<RuleRow[]> {
  return ruleRowsQuery(trx, tenantId).execute();
}

const ruleRowsQuery = (trx: Trx, tenantId: string) =>
  trx
    .selectFrom('promotion_rules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('priority', 'desc')
    .orderBy('created_at');

const settingsRowQuery = (trx: Trx, tenantId: string) =>
  trx.selectFrom('promotion_settings').selectAll().where('tenant_id', '=', tenantId);

/**
 * listRuleRows and findSettingsRow compiled, to read both in ONE round trip
 * (pipelinedStatements: live prices' context, when an offer is live).
 */
export function rulesAndSettingsQueries(trx: Trx, tenantId: string): CompiledQuery[] {
  return [ruleRowsQuery(trx, tenantId).compile(), settingsRowQuery(trx, tenantId).compile()];
}

export function findRuleRow(trx: Trx, tenantId: string, id: string): Promise<RuleRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return trx
    .selectFrom('promotion_rules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertRuleRow(trx: Trx, row: Insertable<PromotionRulesTable>): Promise<RuleRow> {
  return trx.insertInto('promotion_rules').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateRuleRow(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: Updateable<PromotionRulesTable>,
): Promise<RuleRow | undefined> {
  return trx
    .updateTable('promotion_rules')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteRuleRow(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await trx
    .deleteFrom('promotion_rules')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function findSettingsRow(trx: Trx, tenantId: string): Promise<SettingsRow | undefined> {
  return settingsRowQuery(trx, tenantId).executeTakeFirst();
}

export function upsertSettingsRow(trx: Trx, row: Insertable<PromotionSettingsTable>): Promise<SettingsRow> {
  const { tenant_id: _t, ...set } = row;
  return trx
    .insertInto('promotion_settings')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(set))
    .returningAll()
    .executeTakeFirstOrThrow();
}
