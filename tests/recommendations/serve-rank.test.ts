/**
 * Serving order with the store's popular products appended (serve-rank.ts's rankedWithPopular): the same
 * list, in the same order, as sorting everything together (sortRanked over the rows and popularRanked) —
 * on random rows whose ids overlap the popular list, with ties — while the popular candidates are built
 * once per popular list and tier, not per composition.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../bench/paired-ratio.js';
import {
  popularRanked,
  type Ranked,
  rankedWithPopular,
  sortRanked,
} from '../../src/modules/recommendations/serve-rank.js';

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
      const expected = sortRanked([...rows.map((x) => ({ ...x })), ...popularRanked(popular, tier)]);
      const got = [
        ...rankedWithPopular(
          rows.map((x) => ({ ...x })),
          popular,
          tier,
        ),
      ];
      expect(got, `seed ${seed}`).toEqual(expected);
      expect(new Set(got.map((x) => x.id)).size).toBe(got.length);
    }
  });

  it('builds a popular list’s candidates once per tier and reuses them', () => {
    const popular = ['a', 'b', 'c'];
    const first = [...rankedWithPopular([], popular, 3)];
    const again = [
      ...rankedWithPopular([{ id: 'b', tier: 0, rank: 1, reason: 'picked for you' }], popular, 3),
    ];
    expect(first.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(again.map((x) => `${x.id}:${x.tier}`)).toEqual(['b:0', 'a:3', 'c:3']);
    expect(again[1]).toBe(first[0]); // the same candidate object
    expect([...rankedWithPopular([], popular, 2)][0]).toMatchObject({
      id: 'a',
      tier: 2,
      reason: 'popular in this store',
    });
  });

  it('is read lazily and can be read again: firstIds stops at n, a second reading repeats the first', () => {
    const popular = ['a', 'b', 'c', 'd'];
    const list = rankedWithPopular(
      [
        { id: 'c', tier: 1, rank: 2, reason: 'similar' },
        { id: 'x', tier: 0, rank: 1, reason: 'picked for you' },
      ],
      popular,
      3,
    );
    expect(list.firstIds(3)).toEqual(['x', 'c', 'a']);
    expect(list.firstIds(0)).toEqual([]);
    expect(list.firstIds(10)).toEqual(['x', 'c', 'a', 'b', 'd']);
    expect([...list].map((r) => r.id)).toEqual([...list].map((r) => r.id));
  });
});
