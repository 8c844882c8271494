/**
 * UI kit — data tables and pagination (see ./ui.tsx). Sorting and paging are
 * plain GET links that keep the list's other query parameters, so every list
 * works without JavaScript and every state has a shareable URL.
 */
import type { Child } from 'hono/jsx';

export type Query = Record<string, string | undefined>;

/** `path?query` with `patch` applied (undefined/'' removes a key). Keys are sorted for stable URLs. */
export function hrefWith(path: string, query: Query, patch: Query = {}): string {
  const merged: Query = { ...query, ...patch };
  const params = new URLSearchParams();
  for (const k of Object.keys(merged).sort()) {
    const v = merged[k];
    if (v !== undefined && v !== '') params.set(k, v);
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface Column<T> {
  /** The sort key sent as `?sort=` when the column is sortable. */
  key: string;
  label: Child;
  sortable?: boolean;
  /** Right-aligned, tabular digits (money, counts). */
  num?: boolean;
  render: (row: T) => Child;
  /** The row's action buttons: on a phone they span the card's width at its foot, without a label. */
  actions?: boolean;
  /**
   * Low priority: hidden between a phone and a desktop (40–60rem, ../assets/admin-css.ts), where a
   * wide table would otherwise scroll sideways; still shown on a phone's card and on a desktop. Only
   * for a value the row's own page shows too (the heading links there).
   */
  minor?: boolean;
  /** Values that can be long unbroken strings (e-mails, SKUs): they may wrap anywhere rather than widen the table. */
  long?: boolean;
  /** A shorter label for the phone's card, where the label sits next to (or over) the value. */
  short?: string;
  /** In a `compact` table's phone card: on the heading's line, without a label (a status badge). */
  head?: boolean;
}

/** A column's label as plain text (the label of its cells in the stacked, narrow-screen layout). */
function labelText<T>(col: Column<T>): string | undefined {
  if (col.actions) return undefined;
  return typeof col.label === 'string' && col.label !== '' ? (col.short ?? col.label) : undefined;
}

/** The classes a column gives its header and body cells. */
function colClass<T>(col: Column<T>, ...more: string[]): string | undefined {
  return (
    [col.num ? 'num' : '', col.minor ? 'minor' : '', col.long ? 'long' : '', ...more]
      .filter(Boolean)
      .join(' ') || undefined
  );
}

export interface SortState {
  by: string;
  dir: 'asc' | 'desc';
}

function SortHeader<T>(props: { col: Column<T>; sort?: SortState; path: string; query: Query }) {
  const { col, sort } = props;
  const active = sort?.by === col.key;
  const nextDir = active && sort?.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th
      scope="col"
      class={colClass(col, 'sortable')}
      aria-sort={active ? (sort?.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <a href={hrefWith(props.path, props.query, { sort: col.key, dir: nextDir, page: undefined })}>
        {col.label}
      </a>
    </th>
  );
}

/**
 * A data table. Sortable column headers link to `?sort=<key>&dir=asc|desc`
 * (keeping the other params); with no rows it shows `empty` (an EmptyState)
 * in place of the body. On a phone (≤ 40rem, ../assets/admin-css.ts) every
 * row becomes a card: the first column with a text label is the card's
 * heading, every other cell shows under it with its column's label
 * (`data-label`), so nothing needs a sideways scroll (unlabelled cells before
 * the heading — a thumbnail — sit beside it); the sortable headers stay
 * as a row of sort links above the cards. Wider, a table too wide for its box
 * scrolls inside it, a named, keyboard-focusable region (tabindex 0): a
 * keyboard user can reach it and scroll it with the arrow keys (axe's
 * scrollable-region-focusable). Between a phone and a desktop, `minor`
 * columns step aside so the table fits. `compact` makes the phone's cards
 * dense (a list people scan, such as alerts): the heading with its `head`
 * cell on one line, the other values three to a line, label over value,
 * then the actions in one row of full-height buttons.
 */
export function DataTable<T>(props: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  caption?: string;
  sort?: SortState;
  /** The list's path and current query (needed for sortable headers). */
  path?: string;
  query?: Query;
  empty?: Child;
  /** A leading cell per row (e.g. a bulk-selection checkbox) and its header. */
  lead?: { header: Child; cell: (row: T) => Child };
  compact?: boolean;
}) {
  const path = props.path ?? '';
  const query = props.query ?? {};
  if (props.rows.length === 0 && props.empty) return <div class="table-wrap">{props.empty}</div>;
  const labels = props.columns.map((col) => (col.head ? undefined : labelText(col)));
  const heading = props.columns.findIndex((col) => !col.actions && !col.head && labelText(col) !== undefined);
  const sortable = props.columns.some((col) => col.sortable);
  return (
    <div
      class={props.compact ? 'table-wrap stack compact' : 'table-wrap stack'}
      tabindex={0}
      role="region"
      aria-label={props.caption ?? 'Table'}
    >
      <table class="table">
        {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
        <thead class={sortable ? 'sorts' : undefined}>
          <tr>
            {props.lead ? (
              <th scope="col" class="lead">
                {props.lead.header}
              </th>
            ) : null}
            {props.columns.map((col) =>
              col.sortable ? (
                <SortHeader col={col} sort={props.sort} path={path} query={query} />
              ) : (
                <th scope="col" class={colClass(col)}>
                  {col.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.lead ? <td class="lead">{props.lead.cell(row)}</td> : null}
              {props.columns.map((col, i) => (
                <td
                  class={colClass(
                    col,
                    i === heading ? 'heading' : '',
                    i < heading ? 'pre' : '',
                    col.actions ? 'actions' : '',
                    col.head ? 'head' : '',
                  )}
                  data-label={i === heading ? undefined : labels[i]}
                >
                  {/* One box for the value, so the narrow layout's label (::before) and value form a two-column grid. */}
                  {i === heading || labels[i] === undefined ? (
                    col.render(row)
                  ) : (
                    <div class="cell">{col.render(row)}</div>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Page links for an offset-paged list (`?page=N`, 1-based). `total` is
 * optional: without it the next link shows when `hasNext` says so.
 */
export function Pagination(props: {
  path: string;
  query: Query;
  page: number;
  pageSize: number;
  shown: number;
  total?: number;
  hasNext?: boolean;
}) {
  const { page, pageSize, shown, total } = props;
  const from = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = (page - 1) * pageSize + shown;
  const hasNext = props.hasNext ?? (total !== undefined && to < total);
  if (page <= 1 && !hasNext) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      <span class="muted">
        {from}–{to}
        {total !== undefined ? ` of ${total}` : ''}
      </span>
      <span class="pages">
        {page > 1 ? (
          <a
            class="btn btn-secondary btn-sm"
            rel="prev"
            href={hrefWith(props.path, props.query, { page: page > 2 ? String(page - 1) : undefined })}
          >
            ← Previous
          </a>
        ) : null}
        {hasNext ? (
          <a
            class="btn btn-secondary btn-sm"
            rel="next"
            href={hrefWith(props.path, props.query, { page: String(page + 1) })}
          >
            Next →
          </a>
        ) : null}
      </span>
    </nav>
  );
}
