import { describe, expect, it } from 'vitest';
import { concurrencyFor } from '../../src/modules/jobs/processor.js';

describe('worker concurrency per queue', () => {
  const config = { WORKER_CONCURRENCY: 4, QUEUE_CONCURRENCY: '' };

  it('takes QUEUE_CONCURRENCY first, then the queue default, then WORKER_CONCURRENCY', () => {
    expect(concurrencyFor(config, 'pricing')).toBe(4);
    expect(concurrencyFor(config, 'recommendations', 1)).toBe(1);
    expect(concurrencyFor({ ...config, QUEUE_CONCURRENCY: 'recommendations=3' }, 'recommendations', 1)).toBe(
      3,
    );
    expect(concurrencyFor({ ...config, QUEUE_CONCURRENCY: 'pricing=2' }, 'recommendations', 1)).toBe(1);
  });
});
