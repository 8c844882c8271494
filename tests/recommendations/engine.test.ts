/**
 * The pure recommendation engine: text, content and co-occurrence neighbours, the blend's exclusions and
 * fallbacks, and the offline evaluation on a small fixed dataset (tests/recommendations/fixtures) with its
 * figures asserted.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRecommender, weightsFor } from '../../src/modules/recommendations/engine/blend.js';
import { DEFAULT_OPTIONS } from '../../src/modules/recommendations/engine/defaults.js';
import { evaluate, hiddenPositions } from '../../src/modules/recommendations/engine/evaluate.js';
import { buildModel } from '../../src/modules/recommendations/engine/model.js';
import { tokenise } from '../../src/modules/recommendations/engine/text.js';
import type {
  EngineBasket,
  EngineItem,
  EngineOptions,
} from '../../src/modules/recommendations/engine/types.js';
import { parseTime, readOrders, readProducts } from '../../src/modules/recommendations/retail-csv.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

const items: EngineItem[] = [
  { key: 'linen-shirt', title: 'Linen summer shirt', tags: ['linen', 'summer'] },
  { key: 'linen-dress', title: 'Linen summer dress', tags: ['linen', 'summer'] },
  { key: 'wool-coat', title: 'Wool winter coat', tags: ['wool', 'winter'] },
  { key: 'scarf', title: 'Wool scarf', tags: ['wool'] },
  { key: 'hat', title: 'Straw hat', tags: ['summer'] },
  { key: 'archived', title: 'Linen summer shorts', recommendable: false },
  { key: 'bestseller', title: 'Gift card' },
];

function baskets(): EngineBasket[] {
  const out: EngineBasket[] = [];
  for (let n = 0; n < 20; n++)
    out.push({ customer: `c${n}`, time: T0 + n * DAY, keys: ['bestseller', `x${n % 3}`] });
  for (let n = 0; n < 6; n++)
    out.push({ customer: `d${n}`, time: T0 + n * DAY, keys: ['wool-coat', 'scarf'] });
  for (let n = 0; n < 4; n++)
    out.push({ customer: `e${n}`, time: T0 + n * DAY, keys: ['linen-shirt', 'hat', 'archived'] });
  out.push({ customer: 'd0', time: T0 + 30 * DAY, keys: ['bestseller', 'scarf'] });
  return out;
}

const options: EngineOptions = { ...DEFAULT_OPTIONS };

describe('text', () => {
  it('lower-cases, drops stop words and stems', () => {
    expect(tokenise('The Hanging Hearts of LINEN, 12 cm')).toEqual(['hang', 'heart', 'linen', '12', 'cm']);
  });
});

describe('content neighbours', () => {
  it('finds the most similar text first and never the item itself', () => {
    const model = buildModel({ items, orders: [] }, options);
    const shirt = model.index.get('linen-shirt')!;
    const list = model.content.neighbours[shirt]!.map((n) => model.items[n.item]!.key);
    expect(list[0]).toMatch(/linen-(dress|shorts)|archived/);
    expect(list).not.toContain('linen-shirt');
    expect(list).not.toContain('wool-coat');
  });
});

describe('co-occurrence', () => {
  it('counts distinct shoppers and does not let the best-seller dominate', () => {
    const model = buildModel({ items, orders: baskets() }, options);
    const scarf = model.index.get('scarf')!;
    const top = model.bought.neighbours[scarf]!;
    expect(model.items[top[0]!.item]!.key).toBe('wool-coat');
    expect(model.bought.shoppers[scarf]![0]).toBe(6);
  });
});

describe('blend', () => {
  const model = buildModel({ items, orders: baskets() }, options);
  const recommend = createRecommender(model);
  const hybrid = weightsFor('hybrid', options.weights);

  it('never returns the context, excluded or unrecommendable items', () => {
    const recs = recommend({ context: ['linen-shirt'], exclude: ['hat'], k: 10 }, hybrid).map((r) => r.key);
    expect(recs).not.toContain('linen-shirt');
    expect(recs).not.toContain('hat');
    expect(recs).not.toContain('archived');
    expect(recs[0]).toBe('linen-dress');
  });

  it('bought together beats popularity for a known basket', () => {
    const recs = recommend({ context: ['wool-coat'], k: 3 }, hybrid);
    expect(recs[0]!.key).toBe('scarf');
    expect(recs[0]!.signal).toBe('basket');
  });

  it('a new product falls back to content, a new shopper with no context to popularity', () => {
    const fresh = buildModel(
      { items: [...items, { key: 'new-linen', title: 'Linen summer skirt' }], orders: baskets() },
      options,
    );
    const r = createRecommender(fresh);
    const similar = r({ context: ['new-linen'], k: 2 }, hybrid);
    expect(similar[0]!.signal).toBe('content');
    expect(similar.map((x) => x.key)).toContain('linen-dress');
    const popular = r({ context: [], customer: 'never-seen', k: 1 }, hybrid);
    expect(popular[0]!.key).toBe('bestseller');
  });

  it('the shopper history brings back their own products', () => {
    const recs = recommend({ context: ['hat'], customer: 'd0', k: 10 }, hybrid).map((r) => r.key);
    expect(recs).toContain('scarf');
  });
});

describe('evaluation on the fixed dataset', () => {
  const products = readProducts(path.join(fixtures, 'products.csv'));
  const orders = readOrders(path.join(fixtures, 'order-lines.csv'));
  // Pinned options so that tuning the defaults does not move these figures.
  const pinned: EngineOptions = {
    halfLifeDays: 180,
    shrink: 1,
    alpha: 0.5,
    neighbours: 50,
    maxBasket: 30,
    neighbourhoodSize: 100,
    neighbourhoodScan: 400,
    ownBasketBoost: 2,
    weights: {
      basket: 1,
      neighbourhood: 0,
      shopper: 0.5,
      viewed: 0.3,
      content: 0.3,
      repeat: 1,
      historyBasket: 0.3,
      historyContent: 0.05,
      popular: 0.05,
    },
  };

  it('reads the fixtures', () => {
    expect(products).toHaveLength(14);
    expect(orders).toHaveLength(82);
    expect(parseTime('2011-03-01')).toBe(Date.UTC(2011, 2, 1));
    expect(parseTime('3/1/2011 9:05')).toBe(Date.UTC(2011, 2, 1, 9, 5));
  });

  it('hides products deterministically', () => {
    expect(hiddenPositions(3, 10, 2)).toEqual(hiddenPositions(3, 10, 2));
    expect(hiddenPositions(3, 10, 2)).toHaveLength(2);
    expect(hiddenPositions(3, 4, 0)).toEqual([0, 1, 2, 3]);
  });

  it('scores every method with the expected figures', () => {
    const scores = evaluate({
      items: products,
      orders,
      split: parseTime('2011-03-01'),
      options: pinned,
      methods: ['popular', 'content', 'behaviour', 'cosine', 'hybrid'],
      k: 3,
      perBasket: 0,
    });
    const by = Object.fromEntries(scores.map((s) => [s.method, s]));
    expect(by.popular!.queries).toBe(92);
    expect(by.popular!.coldQueries).toBe(7);
    expect(by.popular!.hitRate).toBeCloseTo(0.3587, 3);
    expect(by.content!.hitRate).toBeCloseTo(0.8913, 3);
    expect(by.behaviour!.hitRate).toBeCloseTo(0.9239, 3);
    expect(by.cosine!.hitRate).toBeCloseTo(0.9239, 3);
    expect(by.hybrid!.hitRate).toBeCloseTo(0.8913, 3);
    expect(by.hybrid!.ndcg).toBeCloseTo(0.8323, 3);
    expect(by.content!.coverage).toBe(1);
    // Cold products (< 5 training purchases): content finds some, popularity none.
    expect(by.content!.coldHitRate).toBeCloseTo(2 / 7, 3);
    expect(by.popular!.coldHitRate).toBe(0);
  });
});
