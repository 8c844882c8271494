/**
 * The shell every admin list page shares: reading the list's query (search,
 * its own filters, sort, direction, page) and rendering the filter bar, an
 * optional bar above the table (bulk actions), the table with its empty state
 * and the page links. One URL vocabulary for every list — `q`, `sort`, `dir`,
 * `page` and the list's filter names — so links keep each other's state.
 */
import type { Child } from 'hono/jsx';
import {
  type Column,
  DataTable,
  EmptyState,
  FilterBar,
  type FilterSelect,
  Pagination,
  type Query,
} from '../components/ui.js';
import { pageParam } from './form-values.js';

type EmptyProps = Parameters<typeof EmptyState>[0];

/** The list's state read from the URL. */
export interface ListParams<S extends string> {
  /** The list's own parameters as they came (links keep them; unknown values stay out of the service call). */
  query: Query;
  /** The search text cut to 200 characters, or undefined when blank. */
  q: string | undefined;
  sort: S;
  dir: 'asc' | 'desc';
  page: number;
}

/**
 * Reads `q`, the named `filters`, `sort` (one of `sorts`, else the default),
 * `dir` (asc|desc, else the default) and `page` (1-based) from a request's query.
 */
export function readListParams<S extends string>(
  raw: Record<string, string | undefined>,
  opts: { filters: readonly string[]; sorts: readonly S[]; sort: S; dir: 'asc' | 'desc' },
): ListParams<S> {
  const query: Query = { q: raw.q, sort: raw.sort, dir: raw.dir, page: raw.page };
  for (const f of opts.filters) query[f] = raw[f];
  return {
    query,
    q: raw.q ? raw.q.slice(0, 200) : undefined,
    sort: opts.sorts.find((s) => s === raw.sort) ?? opts.sort,
    dir: raw.dir === 'asc' || raw.dir === 'desc' ? raw.dir : opts.dir,
    page: pageParam(raw.page),
  };
}

/** Filter bar, optional bar, table (or its empty state) and page links of one list page. */
export function ListPage<T>(props: {
  path: string;
  params: ListParams<string>;
  search: { placeholder: string };
  selects: readonly FilterSelect[];
  /** Filter fields beyond the selects (e.g. a date range), inside the filter bar. */
  fields?: Child;
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  total: number;
  pageSize: number;
  /**
   * What shows instead of the table when there are no rows: `nothingMatches`
   * while a search or filter is on (`filtered`), else `none` (the list is empty).
   */
  empty: { filtered: boolean; nothingMatches: EmptyProps; none: EmptyProps };
  /** Shown between the filter bar and the table (e.g. bulk actions). */
  bar?: Child;
  lead?: { header: Child; cell: (row: T) => Child };
}) {
  const { params, path } = props;
  return (
    <>
      <FilterBar
        action={path}
        q={params.query.q}
        placeholder={props.search.placeholder}
        keep={{ sort: params.query.sort, dir: params.query.dir }}
        selects={props.selects}
      >
        {props.fields}
      </FilterBar>
      {props.bar}
      <DataTable
        caption={props.caption}
        columns={props.columns}
        rows={props.rows}
        sort={{ by: params.sort, dir: params.dir }}
        path={path}
        query={params.query}
        lead={props.lead}
        empty={<EmptyState {...(props.empty.filtered ? props.empty.nothingMatches : props.empty.none)} />}
      />
      <Pagination
        path={path}
        query={params.query}
        page={params.page}
        pageSize={props.pageSize}
        shown={props.rows.length}
        total={props.total}
      />
    </>
  );
}
