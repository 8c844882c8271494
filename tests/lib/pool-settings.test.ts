/**
 * Session settings every pooled connection starts with (src/lib/db/index.ts).
 * JIT off: a storefront search over a 10,000-product store once spent 70–100
 * ms JIT-compiling a plan whose execution took a few milliseconds.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPool } from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';

const pool = createPool({ connectionString: appDatabaseUrl(inject('databaseUrl')), max: 2 });

afterAll(async () => {
  await pool.end();
});

describe('pooled connections', () => {
  it('run with JIT off and the statement timeout set, on every connection', async () => {
    const [a, b] = await Promise.all([pool.connect(), pool.connect()]);
    try {
      for (const client of [a, b]) {
        const { rows } = await client.query<{ jit: string; timeout: string }>(
          "select current_setting('jit') as jit, current_setting('statement_timeout') as timeout",
        );
        expect(rows[0]).toEqual({ jit: 'off', timeout: '15s' });
      }
    } finally {
      a.release();
      b.release();
    }
  });
});
