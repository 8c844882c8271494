/**
 * Outbox rows as a fragment of a caller's larger statement, for the few
 * writers that must add their events in the same statement as their own rows
 * (checkout, while it holds the store's order counter). The rows are the same
 * as lib/outbox's enqueueOutbox writes, without dedupe keys; the outbox table
 * is still written only from lib/outbox*.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from './db/index.js';

export interface OutboxFragmentEvent {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * An INSERT of several outbox rows for a WITH clause; `payloadSql` turns each
 * payload's JSON text into the jsonb expression stored (so the statement may
 * fill in a value it computes itself). Returns the rows' ids.
 */
export function insertOutboxRowsFragment(
  trx: Trx,
  tenantId: string,
  events: readonly OutboxFragmentEvent[],
  payloadSql: (json: string) => RawBuilder<string>,
  availableAt: Date = new Date(),
) {
  const rows = events.map((e) => ({ topic: e.topic, json: JSON.stringify(e.payload) }));
  return insertOutboxJsonRowsFragment(trx, tenantId, rows, payloadSql, availableAt);
}

/** insertOutboxRowsFragment over payloads already written as JSON text (statement shapes bind texts). */
export function insertOutboxJsonRowsFragment(
  trx: Trx,
  tenantId: string,
  rows: readonly { topic: string; json: string }[],
  payloadSql: (json: string) => RawBuilder<string>,
  availableAt: Date,
) {
  return trx
    .insertInto('outbox')
    .values(
      rows.map((e) => ({
        tenant_id: tenantId,
        topic: e.topic,
        payload: payloadSql(e.json),
        available_at: availableAt,
      })),
    )
    .returning('id');
}

/**
 * An INSERT … SELECT of outbox rows for a WITH clause of a raw statement: one
 * row of `topic` per row of `from` (e.g. a CTE's name), its payload the jsonb
 * expression `payload` over those rows. Returns the rows' ids.
 */
export function insertOutboxSelectSql(
  tenantId: string,
  topic: string,
  payload: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`insert into outbox (tenant_id, topic, payload, available_at)
      select ${tenantId}, ${topic}, ${payload}, now()
        from ${from}
      returning id`;
}
