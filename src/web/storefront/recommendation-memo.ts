/**
 * The product page's recommendation rows, rendered once per distinct content: a repeat view of a product
 * whose lists came out the same concatenates the cached HTML instead of rendering the cards again (the
 * JSX, not the lists' composition, was most of what the rows added to the page).
 *
 * Keyed by the content itself (store, currency, the product's own title/variant/price and every served
 * row's id, handle, title, price, reason and one-click variant), never by a version or a time: the lists
 * are still composed by the serving cache on every view, so the memo can never show a price, a stock state
 * or a cart exclusion the serving cache would not — a changed price is a different key. The session's
 * CSRF token is the one per-shopper part: the HTML is kept with a per-process slot in its place, and the
 * token is swapped in (escaped as JSX would) on every view. Links are relative, so the store's URL is not
 * part of the HTML. Bounded by entries and bytes (LRU); entries of an older state simply age out.
 */
import { randomUUID } from 'node:crypto';
import { raw } from 'hono/html';
import { escapeToBuffer, type HtmlEscapedString } from 'hono/utils/html';
import { LRUCache } from 'lru-cache';

/** How many times the rows were rendered rather than taken from the memo (for tests). */
export const recommendationRowRenders = { count: 0 };

/** Rendered where the CSRF token goes; random per process, so no catalog text can contain it. */
const CSRF_SLOT = `csrf-slot-${randomUUID()}`;

const memo = new LRUCache<string, string[]>({
  max: 5_000,
  maxSize: 16 * 1024 * 1024,
  // UTF-16: two bytes a character, key included.
  sizeCalculation: (parts, key) => 2 * (key.length + parts.reduce((n, p) => n + p.length, 0)) || 1,
});

/** Escaped exactly as JSX escapes an attribute (hono's own escaper). */
function escapeAttr(s: string): string {
  const out: [string] = [''];
  escapeToBuffer(s, out);
  return out[0];
}

/**
 * The rows' HTML for `key` (everything the HTML depends on but the CSRF token): from the memo, or from
 * `render(slot)` (which puts `slot` where the token goes), kept for the next view. `token` is this
 * session's CSRF token.
 */
export async function memoisedRows(
  key: string,
  token: string,
  render: (csrfSlot: string) => string | Promise<string>,
): Promise<HtmlEscapedString> {
  let parts = memo.get(key);
  if (!parts) {
    recommendationRowRenders.count++;
    parts = String(await render(CSRF_SLOT)).split(CSRF_SLOT);
    memo.set(key, parts);
  }
  return raw(parts.join(escapeAttr(token)));
}

/** Empties the memo (tests). */
export function clearRecommendationRowMemo(): void {
  memo.clear();
}
