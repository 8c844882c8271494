/**
 * The serving cache's statements compiled once per shape (repository/serve-statements.ts): each call's
 * statement is exactly what a fresh compile of serve-parts.ts's builder gives — same text, same
 * parameters — for every ask the surfaces use, by id, by handle, by id list, with and without a cart or a
 * shopper; the text is the very string compiled the first time; and one call's values never reach
 * another's statement (a second store's statement carries none of the first one's).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  candidateListsQuery,
  candidateListsStatement,
  type ListsAsk,
  looksLikeId,
  type ServeStateAsk,
  serveStateQuery,
  serveStateStatement,
} from '../../src/modules/recommendations/repository/index.js';
import { compileIn, plain } from '../support/compile.js';

/** The asks the surfaces send (product page, its fragment, "for you", the cart, the JSON route). */
const ASKS: ListsAsk[] = [
  { bought_together: 5, similar: 9 },
  { hybrid: 3 },
  { bought_together: 3, hybrid: 3 },
  { similar: 12 },
  { similar: 0 },
];

describe('serving statements compiled once per shape', () => {
  it('candidate lists by id, by handle and by id list: cached = fresh, store after store', async () => {
    await compileIn((trx) => {
      for (const ask of ASKS) {
        const refs = [randomUUID(), `mug-${randomUUID().slice(0, 8)}`];
        for (const ref of refs) {
          const first = candidateListsStatement(trx, randomUUID(), { ref }, ask);
          for (let n = 0; n < 3; n++) {
            const tenantId = randomUUID();
            const other = n === 2 ? refs.find((r) => r !== ref)! : ref;
            const cached = candidateListsStatement(trx, tenantId, { ref: other }, ask);
            const fresh = candidateListsQuery(tenantId, { ref: other, byId: looksLikeId(other) }, ask);
            expect(plain(cached)).toEqual(plain(fresh.compile(trx)));
            if (other === ref) expect(cached.sql).toBe(first.sql);
            expect(cached.parameters).not.toContain(first.parameters[0]);
          }
        }
        for (const ids of [[randomUUID()], [randomUUID(), randomUUID(), randomUUID()]]) {
          const tenantId = randomUUID();
          const cached = candidateListsStatement(trx, tenantId, ids, ask);
          expect(plain(cached)).toEqual(
            plain(candidateListsQuery(tenantId, { ids: ids.join(',') }, ask).compile(trx)),
          );
        }
      }
      // A handle never reads by id (the id branch would compare it with ::uuid and fail).
      const byHandle = candidateListsStatement(trx, randomUUID(), { ref: 'plain-mug' }, ASKS[0]!);
      expect(byHandle.sql).not.toMatch(/::uuid desc/);
    });
  });

  it('the store state, with and without cart, shopper and history lists: cached = fresh', async () => {
    await compileIn((trx) => {
      const asks: ServeStateAsk[] = [
        { popular: true },
        { popular: false, cartId: randomUUID() },
        { popular: true, cartId: null, shopper: { customerId: null, sessionId: 'abcdefabcdefabcdef' } },
        {
          popular: false,
          shopper: { customerId: randomUUID(), sessionId: null },
          historyLists: { hybrid: 12 },
        },
        { popular: true, shopper: { customerId: randomUUID(), sessionId: 'x'.repeat(20) }, historyLists: {} },
      ];
      const seen: unknown[] = [];
      for (const ask of [...asks, ...asks]) {
        const tenantId = randomUUID();
        const cached = serveStateStatement(trx, tenantId, ask);
        expect(plain(cached)).toEqual(plain(serveStateQuery(tenantId, ask).compile(trx)));
        for (const v of seen) expect(cached.parameters).not.toContain(v);
        seen.push(tenantId);
      }
    });
  });
});
