/**
 * Incremental rebuilds: after new orders and a new product, only the products the change can reach get
 * new lists, each equal to what a full rebuild at the same moment gives; untouched products keep theirs.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { OUTBOX_ROUTES } from '../../src/lib/queue-names.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { recommendationSignalsProcessor } from '../../workers/processors/recommendations.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let store: TestStore;
const P: Record<string, ProductDetail> = {};

const CLUSTERS = {
  wool: ['Wool winter coat', 'Wool scarf', 'Wool gloves', 'Wool beanie'],
  kitchen: ['Ceramic kettle', 'Ceramic teapot', 'Ceramic mug', 'Ceramic bowl'],
  garden: ['Garden spade', 'Garden rake', 'Garden trowel', 'Garden hose'],
};

interface Row {
  product_id: string;
  kind: string;
  rank: number;
  neighbour_id: string;
  score: number;
  shoppers: number;
  reason: string;
}

async function rows(): Promise<Map<string, Row[]>> {
  const all = await withTenant(p.deps.db, store.tenant.id, async (trx) => {
    const r = await sql<Row>`
      select product_id, kind, rank, neighbour_id, score, shoppers, reason from recommendation_neighbours
      where tenant_id = ${store.tenant.id} order by product_id, kind, rank`.execute(trx);
    return r.rows;
  });
  const by = new Map<string, Row[]>();
  for (const r of all) by.set(r.product_id, [...(by.get(r.product_id) ?? []), r]);
  return by;
}

const orders = (products: ProductDetail[], n: number, daysAgo: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      insertOrder(p.deps, store.tenant.id, products, { daysAgo: daysAgo + i }),
    ),
  );

beforeAll(async () => {
  p = await testPlatform();
  store = await createTestStore(p.deps);
  for (const [cluster, titles] of Object.entries(CLUSTERS)) {
    for (const title of titles) {
      P[title] = await createTestProduct(p.deps, store.tenant.id, {
        title,
        description: `For the ${cluster}.`,
      });
    }
  }
  const group = (titles: string[]) => titles.map((t) => P[t]!);
  await orders(group(['Wool winter coat', 'Wool scarf']), 4, 2);
  await orders(group(['Wool gloves', 'Wool beanie']), 2, 2);
  await orders(group(['Ceramic kettle', 'Ceramic teapot']), 3, 2);
  await orders(group(['Ceramic mug', 'Ceramic bowl']), 2, 2);
  await orders(group(['Garden spade', 'Garden rake', 'Garden trowel']), 3, 2);
  await orders(group(['Garden hose', 'Garden spade']), 1, 2);
  // The catalogue was last edited yesterday (before the full build below).
  await withTenant(p.deps.db, store.tenant.id, (trx) =>
    sql`update products set updated_at = now() - interval '1 day' where tenant_id = ${store.tenant.id}`.execute(
      trx,
    ),
  );
}, 120_000);

describe('incremental rebuild', () => {
  it('recomputes only the reachable products, each list as a full rebuild gives it', async () => {
    const t0 = p.deps.now();
    expect((await rebuildStore(p.deps.db, store.tenant.id, t0)).mode).toBe('full');
    const before = await rows();

    // Since the full build: kettles are bought with mugs (the teapot and the bowl, bought with them
    // before, are reached through those baskets), and a new product whose text meets the garden tools.
    await orders([P['Ceramic kettle']!, P['Ceramic mug']!], 5, 0);
    const jug = await createTestProduct(p.deps, store.tenant.id, {
      title: 'Enamel watering jug',
      description: 'For the garden.',
    });
    const t1 = new Date(t0.getTime() + 60_000);
    // A small store: the change reaches 9 of 13 products, more than the default 30%.
    const inc = await rebuildStore(p.deps.db, store.tenant.id, t1, 'incremental', { incrementalShare: 0.8 });
    expect(inc.mode).toBe('incremental');
    const reached = [...CLUSTERS.kitchen, ...CLUSTERS.garden].map((t) => P[t]!.id).concat(jug.id);
    expect(new Set(inc.updatedIds)).toEqual(new Set(reached));
    const incremental = await rows();
    // The new orders show in the kettle's list; the jug has lists now.
    expect(incremental.get(P['Ceramic kettle']!.id)!.find((r) => r.kind === 'bought_together')).toMatchObject(
      { neighbour_id: P['Ceramic mug']!.id, reason: 'bought together by 5 shoppers' },
    );
    expect(incremental.get(jug.id)?.find((r) => r.kind === 'similar')?.reason).toContain('garden');
    // Products the change cannot reach keep the rows of the full build.
    for (const title of CLUSTERS.wool) {
      expect(incremental.get(P[title]!.id)).toEqual(before.get(P[title]!.id));
    }

    expect((await rebuildStore(p.deps.db, store.tenant.id, t1, 'full')).mode).toBe('full');
    const full = await rows();
    for (const id of reached) expect(incremental.get(id)).toEqual(full.get(id));

    // With the default share, a change reaching 4 of 13 products rebuilds everything.
    await orders([P['Ceramic bowl']!, P['Ceramic teapot']!], 1, 0);
    const wide = await rebuildStore(
      p.deps.db,
      store.tenant.id,
      new Date(t1.getTime() + 60_000),
      'incremental',
    );
    expect(wide).toMatchObject({ mode: 'full', updated: 13 });
  });

  it('a product event queues a debounced incremental rebuild of its store', async () => {
    expect(OUTBOX_ROUTES['product.created']).toContain('recommendation-signals');
    expect(OUTBOX_ROUTES['product.updated']).toContain('recommendation-signals');
    const signals = p.deps.hub.queue('recommendation-signals');
    const queue = p.deps.hub.queue('recommendations');
    const worker = recommendationSignalsProcessor.register(p.deps);
    try {
      const event = await signals.add(
        'product.updated',
        {
          outboxId: 1,
          tenantId: store.tenant.id,
          topic: 'product.updated',
          payload: { productId: P['Garden hose']!.id },
        },
        { jobId: `test-product-updated-${store.tenant.id}` },
      );
      const mine = async () => (await queue.getDelayed()).filter((j) => j.data.tenantId === store.tenant.id);
      await expect.poll(async () => (await mine()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      for (const job of await mine()) {
        expect({ name: job.name, data: job.data }).toEqual({
          name: 'rebuild',
          data: { tenantId: store.tenant.id, mode: 'incremental' },
        });
      }
      expect(event.id).toBeDefined();
    } finally {
      await worker.close();
    }
  });

  it('does nothing when nothing changed since the last build', async () => {
    const other = await createTestStore(p.deps);
    const t0 = p.deps.now();
    await rebuildStore(p.deps.db, other.tenant.id, t0);
    const again = await rebuildStore(
      p.deps.db,
      other.tenant.id,
      new Date(t0.getTime() + 60_000),
      'incremental',
    );
    expect(again).toMatchObject({ mode: 'unchanged', updated: 0 });
  });
});
