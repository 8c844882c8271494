/**
 * Serving order (serve-rank.ts): a RankedList over sources that are each in rank order (a product's pins,
 * its own list, a fallback, the store's popular products) reads exactly what sorting all their rows
 * together would give (sortRanked, each source's index as its tier) — on random sources whose ids overlap,
 * with ties — without copying or sorting them; rankedWithPopular is sortRanked over summed rows followed
 * by the popular products, whose candidates are built once per popular list, not per composition.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../bench/paired-ratio.js';
import {
  type Ranked,
  RankedList,
  rankedWithPopular,
  sortRanked,
} from '../../src/modules/recommendations/serve-rank.js';

/** The popular products as candidates of `tier`, as a sort would need them. */
const popularAt = (popular: string[], tier: number): Ranked[] =>
  popular.map((id, at) => ({ id, tier, rank: at + 1, reason: 'popular in this store' }));

describe('RankedList', () => {
  it('reads sources in rank order exactly as sorting all their rows by source, then rank', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = random(seed);
      const id = () => `p${Math.floor(r() * 40)}`;
      const sources = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, tier) =>
        Array.from({ length: Math.floor(r() * 15) }, () => ({
          id: id(),
          tier,
          rank: Math.floor(r() * 6), // ties
          reason: `r${Math.floor(r() * 3)}`,
        })).sort((a, b) => a.rank - b.rank),
      );
      const expected = sortRanked(sources.flat().map((x) => ({ ...x })));
      const got = [...new RankedList(sources)];
      expect(got, `seed ${seed}`).toEqual(expected);
      expect(new Set(got.map((x) => x.id)).size).toBe(got.length);
    }
  });

  it('is read lazily and can be read again: firstIds stops at n, a second reading repeats the first', () => {
    const pins = [{ id: 'x', reason: 'picked for you' }];
    const own = [
      { id: 'c', reason: 'similar' },
      { id: 'x', reason: 'similar' },
    ];
    const list = new RankedList([
      pins,
      own,
      [
        { id: 'a', reason: 'p' },
        { id: 'c', reason: 'p' },
        { id: 'd', reason: 'p' },
      ],
    ]);
    expect(list.firstIds(3)).toEqual(['x', 'c', 'a']);
    expect(list.firstIds(0)).toEqual([]);
    expect(list.firstIds(10)).toEqual(['x', 'c', 'a', 'd']);
    expect([...list][0]).toBe(pins[0]); // the sources' own objects, not copies
    expect([...list].map((r) => r.id)).toEqual([...list].map((r) => r.id));
  });
});

describe('rankedWithPopular', () => {
  it('orders exactly as sorting the rows and the popular candidates together', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = random(seed);
      const id = () => `p${Math.floor(r() * 40)}`;
      const popular = [...new Set(Array.from({ length: Math.floor(r() * 30) }, id))];
      const tier = 1 + Math.floor(r() * 3);
      const rows: Ranked[] = Array.from({ length: Math.floor(r() * 25) }, () => ({
        id: id(),
        tier: Math.floor(r() * tier),
        rank: Math.floor(r() * 6), // ties
        reason: `r${Math.floor(r() * 3)}`,
      }));
      const expected = sortRanked([...rows.map((x) => ({ ...x })), ...popularAt(popular, tier)]);
      const got = [
        ...rankedWithPopular(
          rows.map((x) => ({ ...x })),
          popular,
        ),
      ];
      expect(
        got.map((x) => `${x.id}:${x.reason}`),
        `seed ${seed}`,
      ).toEqual(expected.map((x) => `${x.id}:${x.reason}`));
    }
  });

  it('builds a popular list’s candidates once and reuses them', () => {
    const popular = ['a', 'b', 'c'];
    const first = [...rankedWithPopular([], popular)];
    const again = [...rankedWithPopular([{ id: 'b', tier: 0, rank: 1, reason: 'picked for you' }], popular)];
    expect(first.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(again.map((x) => `${x.id}:${x.reason}`)).toEqual([
      'b:picked for you',
      'a:popular in this store',
      'c:popular in this store',
    ]);
    expect(again[1]).toBe(first[0]); // the same candidate object
    expect([...rankedWithPopular([], ['a', 'b'])][0]).not.toBe(first[0]); // another popular list
  });
});
