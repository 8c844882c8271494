/** The rate limiter on both backends: counts, limit, Retry-After, atomicity under concurrency. */
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import { assertUnderLimit, createRateLimiter, enforceRateLimit } from '../../src/lib/rate-limit.js';
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
  const limiter = createRateLimiter({ config: { REDIS_URL: undefined }, db: p.deps.db });
  const key = uniq('rl');
  // rate-limiter-flexible reads Date.now(): only Date is faked, timers and I/O stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    await limiter.hit(key, 1, 60);
    expect((await limiter.hit(key, 1, 60)).allowed).toBe(false);
    expect(await limiter.peek(key, 1)).toMatchObject({ allowed: false, count: 2 });
    vi.setSystemTime(new Date('2030-01-01T00:01:01Z'));
    expect(await limiter.peek(key, 1)).toMatchObject({ allowed: true, count: 0 });
    expect(await limiter.hit(key, 1, 60)).toMatchObject({ allowed: true, count: 1 });
  } finally {
    vi.useRealTimers();
  }
});

describe.each(['redis', 'postgres'] as const)('peek and reset on %s', (backend) => {
  it('peek reads without counting; the counter is shared across limits', async () => {
    const p = await testPlatform(backend === 'postgres' ? { queue: 'postgres' } : {});
    const limiter = createRateLimiter(p.deps);
    const key = uniq('rl');
    expect(await limiter.peek(key, 2)).toMatchObject({ allowed: true, count: 0, retryAfterSeconds: 0 });
    await limiter.hit(key, 2, 60);
    await limiter.hit(key, 2, 60);
    expect(await limiter.peek(key, 2)).toMatchObject({ allowed: false, count: 2 });
    expect((await limiter.peek(key, 2)).retryAfterSeconds).toBeGreaterThan(0);
    expect(await limiter.peek(key, 5)).toMatchObject({ allowed: true, count: 2 });
    const err = await assertUnderLimit(limiter, key, 2).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('rate_limited');
    await limiter.reset(key);
    expect(await limiter.peek(key, 2)).toMatchObject({ allowed: true, count: 0 });
    await limiter.close();
  });
});
