/**
 * Star ratings: <Stars value /> (text stars with an accessible label) and
 * <CardStars handle />, dropped into the product card with one line: the
 * cards of one page ask in the same tick and share one query (batched per
 * request), read through Hono's request context storage.
 */
import type { Context } from 'hono';
import { getContext } from 'hono/context-storage';
import type { AppEnv } from '../../lib/http/context.js';
import { ratingsForHandles } from '../../modules/reviews/service.js';

type C = Context<AppEnv>;

export function Stars(props: { value: number; label?: string }) {
  const n = Math.round(props.value);
  return (
    <span
      class="stars"
      style="color:#8a5a00;white-space:nowrap"
      role="img"
      aria-label={props.label ?? `${props.value.toFixed(1)} out of 5 stars`}
    >
      {'★'.repeat(n)}
      {'☆'.repeat(5 - n)}
    </span>
  );
}

/** Stars under a product card; the cards of one page share one query (see ratingsForHandles). */
export async function CardStars(props: { handle: string }) {
  let c: C;
  try {
    c = getContext<AppEnv>();
  } catch {
    return null;
  }
  const site = c.get('site');
  if (site.kind !== 'store') return null;
  const r = (await batchedRatings(c, site.tenant.id)).load(props.handle);
  const rating = await r;
  if (!rating) return null;
  return (
    <span class="card-stars">
      <Stars value={rating.average} label={`Rated ${rating.average.toFixed(1)} out of 5`} />{' '}
      <span class="muted">({rating.count})</span>
    </span>
  );
}

type Rating = { average: number; count: number };
interface Batch {
  load(handle: string): Promise<Rating | undefined>;
}
const batches = new WeakMap<object, Batch>();

/** Collects the handles asked for in the same tick and answers them with one query. */
async function batchedRatings(c: C, tenantId: string): Promise<Batch> {
  const key = c.req.raw;
  const existing = batches.get(key);
  if (existing) return existing;
  const pending = new Map<string, ((r: Rating | undefined) => void)[]>();
  let scheduled = false;
  const batch: Batch = {
    load(handle) {
      return new Promise((resolve) => {
        pending.set(handle, [...(pending.get(handle) ?? []), resolve]);
        if (scheduled) return;
        scheduled = true;
        setImmediate(async () => {
          const handles = [...pending.keys()];
          const waiting = new Map(pending);
          pending.clear();
          scheduled = false;
          const found = await ratingsForHandles(c.get('deps').db, tenantId, handles).catch(() => new Map());
          for (const [h, fns] of waiting) for (const fn of fns) fn(found.get(h.toLowerCase()));
        });
      });
    },
  };
  batches.set(key, batch);
  return batch;
}
