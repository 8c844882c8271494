/**
 * The product page's recommendation rows, rendered once per answer: a repeat view whose lists the serving
 * cache answered unchanged (the very same lists object: same store set version, same product cards, same
 * cart — see serve-cache.ts) concatenates the cached HTML instead of rendering the cards again, and
 * builds no key from the lists' content.
 *
 * Keyed by the lists object itself plus the page's own part of the rows (the product's title and the
 * one-click pair's own variant and price, from the catalog read): the lists object is only returned
 * again while composing would decide exactly the same, so the memo can never show a price, a stock state,
 * a pin or a cart exclusion the serving cache would not — a changed one is a new lists object. The
 * session's CSRF token is the one per-shopper part: the HTML is kept with a per-process slot in its place,
 * and the token is swapped in (escaped as JSX would) on every view. Links are relative, so the store's URL
 * is not part of the HTML. Bounded by entries and bytes (LRU); answers of an older state simply age out.
 */
import { randomUUID } from 'node:crypto';
import { raw } from 'hono/html';
import { escapeToBuffer, type HtmlEscapedString } from 'hono/utils/html';
import { LRUCache } from 'lru-cache';

/** How many times the rows were rendered rather than taken from the memo (for tests). */
export const recommendationRowRenders = { count: 0 };

/** Rendered where the CSRF token goes; random per process, so no catalog text can contain it. */
const CSRF_SLOT = `csrf-slot-${randomUUID()}`;

interface Rows {
  /** The page's own part of the rows (see memoisedRows). */
  page: string;
  parts: string[];
}

const memo = new LRUCache<object, Rows>({
  max: 5_000,
  maxSize: 16 * 1024 * 1024,
  // UTF-16: two bytes a character.
  sizeCalculation: (rows) => 2 * (rows.page.length + rows.parts.reduce((n, p) => n + p.length, 0)) || 1,
});

/** Escaped exactly as hono's JSX escapes text and attribute values (its own escaper). */
export function escapeAsJsx(s: string): string {
  const out: [string] = [''];
  escapeToBuffer(s, out);
  return out[0];
}

/**
 * The rows' HTML for the served `lists` (the object the recommendations service returned) and `page`
 * (everything else the HTML depends on but the CSRF token): from the memo, or from `render(slot)` (which
 * puts `slot` where the token goes), kept for the next view. `token` is this session's CSRF token.
 */
export function memoisedRows(
  lists: object,
  page: string,
  token: string,
  render: (csrfSlot: string) => string,
): HtmlEscapedString {
  let rows = memo.get(lists);
  if (rows?.page !== page) {
    recommendationRowRenders.count++;
    rows = { page, parts: render(CSRF_SLOT).split(CSRF_SLOT) };
    memo.set(lists, rows);
  }
  const parts = rows.parts;
  return raw(parts.length === 1 ? parts[0]! : parts.join(escapeAsJsx(token)));
}

/** Whether the memo holds rows of `lists` (for whatever page part). */
export function rowsMemoised(lists: object): boolean {
  return memo.has(lists);
}

/** Empties the memo (tests). */
export function clearRecommendationRowMemo(): void {
  memo.clear();
}
