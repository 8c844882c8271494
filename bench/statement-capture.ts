/**
 * What the app's pg clients send while a function runs — text and values of
 * every query, exactly as the driver writes them (observing pg's client, not
 * replacing it) — for EXPLAINing the real statements (bench/scale-statements.ts,
 * tests/lib/hot-query-plans.test.ts).
 */
import pg from 'pg';

export interface Captured {
  text: string;
  values: unknown[];
}

const originalQuery = pg.Client.prototype.query;

/** Runs `fn` and returns every query any pg client sent meanwhile. */
export async function captureStatements(fn: () => Promise<unknown>): Promise<Captured[]> {
  const seen: Captured[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [q, v] = args as [string | pg.QueryConfig, unknown[] | undefined];
    const text = typeof q === 'string' ? q : q?.text;
    const values = typeof q === 'string' ? v : q?.values;
    if (text) seen.push({ text, values: values ?? [] });
    // biome-ignore lint/suspicious/noExplicitAny: forwarding pg's overloaded signature unchanged
    return (originalQuery as any).apply(this, args);
  } as typeof originalQuery;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = originalQuery;
  }
  return seen;
}
