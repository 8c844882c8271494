/** The rate limiter on both backends: counts, limit, Retry-After, atomicity under concurrency. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import { createRateLimiter, enforceRateLimit } from '../../src/lib/rate-limit.js';
import { uniq } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

describe.each(['redis', 'postgres'] as const)('rate limiter on %s', (backend) => {
  it('allows up to the limit, then refuses with a retry delay', async () => {
    const p = await testPlatform(backend === 'postgres' ? { queue: 'postgres' } : {});
    const limiter = createRateLimiter(p.deps);
    expect(limiter.backend).toBe(backend);
    const key = uniq('rl');
    for (let i = 1; i <= 3; i++) {
      const r = await limiter.hit(key, 3, 60);
      expect(r).toMatchObject({ allowed: true, count: i });
    }
    const over = await limiter.hit(key, 3, 60);
    expect(over.allowed).toBe(false);
    expect(over.retryAfterSeconds).toBeGreaterThan(0);
    expect(over.retryAfterSeconds).toBeLessThanOrEqual(60);
    const err = await enforceRateLimit(limiter, key, 3, 60).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('rate_limited');
    expect(Number((err as AppError).headers?.['Retry-After'])).toBeGreaterThan(0);
    await limiter.reset(key);
    expect((await limiter.hit(key, 3, 60)).count).toBe(1);
    await limiter.close();
  });

  it('counts concurrent hits exactly once each', async () => {
    const p = await testPlatform(backend === 'postgres' ? { queue: 'postgres' } : {});
    const limiter = createRateLimiter(p.deps);
    const key = uniq('rl');
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit(key, 5, 60)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    await limiter.close();
  });
});

it('restarts an expired window (postgres, controlled clock)', async () => {
  const p = await testPlatform({ queue: 'postgres' });
  let now = new Date('2030-01-01T00:00:00Z');
  const limiter = createRateLimiter({ config: { REDIS_URL: undefined }, db: p.deps.db, now: () => now });
  const key = uniq('rl');
  await limiter.hit(key, 1, 60);
  expect((await limiter.hit(key, 1, 60)).allowed).toBe(false);
  now = new Date(now.getTime() + 61_000);
  expect(await limiter.hit(key, 1, 60)).toMatchObject({ allowed: true, count: 1 });
});
