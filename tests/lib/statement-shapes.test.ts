/**
 * Statements compiled once per shape (src/lib/db/statement-shapes.ts):
 * a cached statement is exactly what a fresh compile of its owner's query
 * gives — same text, same parameters, for every one of checkout's cached
 * shapes — one call's values never reach another call (a second tenant's
 * statement carries none of the first one's), and a builder that computes
 * with its input is refused instead of cached wrongly.
 */
import { randomUUID } from 'node:crypto';
import { type CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openingStatements } from '../../src/flows/checkout/statements.js';
import type { Trx } from '../../src/lib/db/index.js';
import { statementShape } from '../../src/lib/db/statement-shapes.js';
import { cartForOffersSql, claimKeyAndLockCartQuery } from '../../src/modules/cart/repository.js';
import {
  adjustVariantStockQuery,
  compileAdjustVariantStock,
} from '../../src/modules/inventory/repository.js';
import { checkoutReadsQuery } from '../../src/modules/orders/repository.js';
import { paymentSettingsJsonSql } from '../../src/modules/payment-settings/repository.js';
import { cartOffersJsonSql } from '../../src/modules/promotion-rules/repository/offers.js';
import { confirmationPicksJsonSql } from '../../src/modules/recommendations/confirmation.js';
import { compileIn, plain } from '../support/compile.js';

function opening(tenantId: string, region = '') {
  return {
    tenantId,
    cartId: randomUUID(),
    claim: { scope: 'checkout', key: `key-${randomUUID()}`, hash: randomUUID().replaceAll('-', '') },
    country: 'US',
    region,
    now: new Date(Date.now() - Math.floor(Math.random() * 1e9)),
  };
}

/** The owners' queries compiled the ordinary way, in openingStatements' order. */
function freshOpening(trx: Trx, i: ReturnType<typeof opening>): CompiledQuery[] {
  return [
    claimKeyAndLockCartQuery(i.tenantId, i.claim, i.cartId).compile(trx),
    checkoutReadsQuery(i.tenantId, i.cartId, i.country, i.region, {
      payment: paymentSettingsJsonSql(i.tenantId),
      picks: confirmationPicksJsonSql(i.tenantId, i.cartId),
      offers: cartOffersJsonSql(i.tenantId, cartForOffersSql(i.tenantId, i.cartId), i.now),
    }).compile(trx),
  ];
}

/** Every string and Date value of an input, for "none of these may appear" checks. */
function valuesOf(i: ReturnType<typeof opening>): unknown[] {
  return [i.tenantId, i.cartId, i.claim.key, i.claim.hash, i.now.getTime()];
}

function flat(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p instanceof Date ? p.getTime() : p));
}

describe('statement shapes', () => {
  it("checkout's opening statements: cached = fresh compile, call after call, tenant after tenant", async () => {
    await compileIn((trx) => {
      const inputs = [opening(randomUUID()), opening(randomUUID()), opening(randomUUID(), 'CA')];
      const first = openingStatements(trx, inputs[0]!);
      for (const input of inputs) {
        const cached = openingStatements(trx, input);
        const fresh = freshOpening(trx, input);
        expect(cached.map(plain)).toEqual(fresh.map(plain));
        // The text is the very string compiled once (one hash for the statement-name map).
        for (const [n, q] of cached.entries()) expect(q.sql).toBe(first[n]!.sql);
      }
      // No value of the first tenant's call is left in the second tenant's statements.
      const b = openingStatements(trx, inputs[1]!);
      const leaked = valuesOf(inputs[0]!);
      for (const q of b) for (const v of flat(q.parameters)) expect(leaked).not.toContain(v);
    });
  });

  it('stock adjustments: cached = fresh compile whatever the actor, note and reference', async () => {
    await compileIn((trx) => {
      const inputs = [
        {
          variantId: randomUUID(),
          delta: 0,
          reservedDelta: 2,
          reason: 'reservation' as const,
          actor: { type: 'system' },
        },
        {
          variantId: randomUUID(),
          delta: -3,
          reservedDelta: -3,
          reason: 'sale' as const,
          note: 'n',
          actor: { type: 'customer', id: randomUUID() },
          reference: `order:${randomUUID()}`,
        },
        {
          variantId: randomUUID(),
          delta: 5,
          reservedDelta: 0,
          reason: 'return' as const,
          actor: { type: 'user', id: null },
        },
      ];
      for (const input of [...inputs, ...inputs]) {
        const tenantId = randomUUID();
        const cached = compileAdjustVariantStock(trx, { tenantId, input });
        expect(plain(cached)).toEqual(plain(adjustVariantStockQuery(tenantId, input).compile(trx)));
      }
    });
  });

  it('refuses a builder that computes with its input, and one that branches on a value', async () => {
    await compileIn((trx) => {
      const concat = statementShape('test.concat', (t, i: { a: string }) =>
        sql`select ${`%${i.a}%`}`.compile(t),
      );
      expect(() => concat(trx, { a: 'x' })).toThrow(TypeError);
      const branch = statementShape('test.branch', (t, i: { a: string }) =>
        (i.a === 'x' ? sql`select 1, ${i.a}` : sql`select 2, ${i.a}`).compile(t),
      );
      // The shape is compiled with a stand-in, so the cached text is the "else" branch's.
      expect(() => branch(trx, { a: 'x' })).toThrow(/differs from a fresh compile/);
      const ok = statementShape('test.ok', (t, i: { a: string; n: number | null }) =>
        sql`select ${i.a}, ${i.n}`.compile(t),
      );
      expect(plain(ok(trx, { a: 'x', n: 1 }))).toEqual({ sql: 'select $1, $2', parameters: ['x', 1] });
      expect(plain(ok(trx, { a: 'y', n: null }))).toEqual({ sql: 'select $1, $2', parameters: ['y', null] });
      expect(plain(ok(trx, { a: 'z', n: 2 }))).toEqual({ sql: 'select $1, $2', parameters: ['z', 2] });
    });
  });
});
