/**
 * Storefront browsing pages: `/collections` (all categories), `/collections/:handle`
 * (one category with facets) and `/search?q=` (full-text results with facets,
 * sorting and cursor pagination links). Plain GET forms, so everything works
 * without JavaScript; filters and sort are query parameters, so every state
 * has a URL (and a canonical link without the cursor).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { type CardProduct, money, ProductGrid } from './components.js';
import {
  type BrowseQuery,
  type BrowseResult,
  emptySearchHelp,
  listCategories,
  listProducts,
} from './data.js';
import { pageContext, ShopPage } from './page.js';
import { withCardSales } from './promo-badges.js';
import { EmptySearchHelp } from './search-help.js';

type C = Context<AppEnv>;

const SORTS = [
  ['relevance', 'Relevance'],
  ['newest', 'Newest'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
] as const;

function readBrowseQuery(c: C, category?: string): BrowseQuery {
  const int = (v: string | undefined) => (v && /^\d{1,12}$/.test(v) ? Number(v) : undefined);
  const sort = c.req.query('sort');
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  return {
    q: q || undefined,
    category: category ?? (c.req.query('category') || undefined),
    minPrice: int(c.req.query('minPrice')),
    maxPrice: int(c.req.query('maxPrice')),
    inStock: c.req.query('inStock') === 'true' ? true : undefined,
    sort: SORTS.some(([s]) => s === sort) ? (sort as BrowseQuery['sort']) : undefined,
    cursor: c.req.query('cursor') || undefined,
    limit: 24,
  };
}

/** Query string for `query` with `patch` applied (undefined removes a key). */
function href(
  base: string,
  query: BrowseQuery,
  patch: Partial<Record<keyof BrowseQuery, string | undefined>>,
) {
  const params = new URLSearchParams();
  const merged: Record<string, string | undefined> = {
    q: query.q,
    category: base.startsWith('/collections/') ? undefined : query.category,
    minPrice: query.minPrice?.toString(),
    maxPrice: query.maxPrice?.toString(),
    inStock: query.inStock ? 'true' : undefined,
    sort: query.sort,
    cursor: undefined,
    ...patch,
  };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

function Facets(props: {
  base: string;
  query: BrowseQuery;
  result: BrowseResult;
  currency: string;
  inCategory: boolean;
}) {
  const { base, query, result } = props;
  return (
    <aside class="facets" aria-label="Filters">
      <h2 class="visually-hidden">Filters</h2>
      {!props.inCategory && result.facets.categories.length > 0 ? (
        <fieldset>
          <legend>Category</legend>
          <ul>
            {result.facets.categories.map((f) => (
              <li>
                <a
                  href={href(base, query, { category: query.category === f.handle ? undefined : f.handle })}
                  aria-current={query.category === f.handle ? 'true' : undefined}
                >
                  {f.name} ({f.count})
                </a>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      {result.facets.priceBands.length > 0 ? (
        <fieldset>
          <legend>Price</legend>
          <ul>
            {result.facets.priceBands.map((b) => {
              const active = query.minPrice === b.min && query.maxPrice === (b.max ?? undefined);
              const label =
                b.max == null
                  ? `${money(b.min, props.currency)} and up`
                  : `${money(b.min, props.currency)} – ${money(b.max, props.currency)}`;
              return (
                <li>
                  <a
                    href={href(base, query, {
                      minPrice: active ? undefined : String(b.min),
                      maxPrice: active || b.max == null ? undefined : String(b.max),
                    })}
                    aria-current={active ? 'true' : undefined}
                  >
                    {label} ({b.count})
                  </a>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Availability</legend>
        <a
          href={href(base, query, { inStock: query.inStock ? undefined : 'true' })}
          aria-current={query.inStock ? 'true' : undefined}
        >
          {query.inStock
            ? 'Showing in stock only — show all'
            : `In stock only (${result.facets.inStock.count})`}
        </a>
      </fieldset>
    </aside>
  );
}

function Results(props: {
  base: string;
  query: BrowseQuery;
  result: BrowseResult;
  /** The page's products with their live sales (./promo-badges.tsx). */
  cards: CardProduct[];
  currency: string;
  heading: string;
}) {
  const { base, query, result } = props;
  return (
    <section aria-labelledby="results-heading">
      <div class="toolbar">
        <h2 id="results-heading" style="margin:0">
          {props.heading}{' '}
          <span class="muted" id="result-count" style="font-size:1rem;font-weight:400">
            ({result.facets.total} {result.facets.total === 1 ? 'product' : 'products'})
          </span>
        </h2>
        <form method="get" action={base}>
          {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
          {query.category && !base.startsWith('/collections/') ? (
            <input type="hidden" name="category" value={query.category} />
          ) : null}
          {query.minPrice !== undefined ? (
            <input type="hidden" name="minPrice" value={String(query.minPrice)} />
          ) : null}
          {query.maxPrice !== undefined ? (
            <input type="hidden" name="maxPrice" value={String(query.maxPrice)} />
          ) : null}
          {query.inStock ? <input type="hidden" name="inStock" value="true" /> : null}
          <label for="sort">Sort by </label>
          <select id="sort" name="sort">
            {SORTS.filter(([s]) => s !== 'relevance' || query.q).map(([value, label]) => (
              <option value={value} selected={(query.sort ?? (query.q ? 'relevance' : 'newest')) === value}>
                {label}
              </option>
            ))}
          </select>{' '}
          <button class="btn btn-secondary" type="submit">
            Apply
          </button>
        </form>
      </div>
      <ProductGrid products={props.cards} currency={props.currency} label="Products" />
      <nav class="pager" aria-label="Pagination">
        {query.cursor ? <a href={href(base, query, {})}>First page</a> : null}
        {result.nextCursor ? (
          <a href={href(base, query, { cursor: result.nextCursor })} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </section>
  );
}

export async function collectionsIndexPage(c: C) {
  const ctx = await pageContext(c);
  const categories = await listCategories(ctx.deps, storeOf(c));
  return c.html(
    <ShopPage
      ctx={ctx}
      title="Collections"
      description={`Browse every collection of ${ctx.chrome.name}.`}
      path="/collections"
    >
      <h1>Collections</h1>
      {categories.length === 0 ? (
        <p class="notice">No collections yet.</p>
      ) : (
        <ul class="grid">
          {categories.map((cat) => (
            <li class="card">
              <a href={`/collections/${encodeURIComponent(cat.handle)}`}>{cat.name}</a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/search">All products</a>
      </p>
    </ShopPage>,
  );
}

export async function collectionPage(c: C) {
  const ctx = await pageContext(c);
  const handle = c.req.param('handle') ?? '';
  const categories = await listCategories(ctx.deps, storeOf(c));
  const category = categories.find((x) => x.handle === handle.toLowerCase());
  if (!category) return notFoundPage(c, ctx);
  const base = `/collections/${encodeURIComponent(category.handle)}`;
  const query = readBrowseQuery(c, category.handle);
  const result = await listProducts(ctx.deps, storeOf(c), query);
  const cards = await withCardSales(c, result.items);
  return c.html(
    <ShopPage
      ctx={ctx}
      title={category.name}
      description={category.description || `Shop ${category.name} at ${ctx.chrome.name}.`}
      path={base}
    >
      <h1>{category.name}</h1>
      {category.description ? <p class="muted">{category.description}</p> : null}
      <div class="shop">
        <Facets base={base} query={query} result={result} currency={ctx.currency} inCategory />
        <Results
          base={base}
          query={query}
          result={result}
          cards={cards}
          currency={ctx.currency}
          heading="Products"
        />
      </div>
    </ShopPage>,
  );
}

export async function searchPage(c: C) {
  const ctx = await pageContext(c);
  const query = readBrowseQuery(c);
  const [result, categories] = await Promise.all([
    listProducts(ctx.deps, storeOf(c), query),
    query.category && !query.q ? listCategories(ctx.deps, storeOf(c)) : Promise.resolve([]),
  ]);
  const help =
    query.q && result.items.length === 0 && !query.cursor
      ? await emptySearchHelp(ctx.deps, storeOf(c), query.q)
      : null;
  // One sales read for the results and the "New in the store" cards together.
  const latest = help?.latest ?? [];
  const all = await withCardSales(c, [...result.items, ...latest]);
  const cards = all.slice(0, result.items.length);
  // Browsing one category without a query is that category's listing.
  const category = categories.find((x) => x.handle === query.category);
  const title = query.q ? `Search: ${query.q}` : (category?.name ?? 'All products');
  const heading = query.q ? `Results for “${query.q}”` : 'Products';
  return c.html(
    <ShopPage
      ctx={ctx}
      title={title}
      description={
        category
          ? `Shop ${category.name} at ${ctx.chrome.name}.`
          : `Search the products of ${ctx.chrome.name}.`
      }
      path={category ? `/collections/${encodeURIComponent(category.handle)}` : '/search'}
      searchQuery={query.q}
      noindex={!!query.q}
    >
      <h1>{query.q ? 'Search' : (category?.name ?? 'All products')}</h1>
      <div class="shop">
        <Facets base="/search" query={query} result={result} currency={ctx.currency} inCategory={false} />
        <div>
          <Results
            base="/search"
            query={query}
            result={result}
            cards={cards}
            currency={ctx.currency}
            heading={heading}
          />
          {help ? (
            <EmptySearchHelp
              suggestion={help.suggestion}
              latest={all.slice(result.items.length)}
              currency={ctx.currency}
            />
          ) : null}
        </div>
      </div>
    </ShopPage>,
  );
}

export function notFoundPage(c: C, ctx: Awaited<ReturnType<typeof pageContext>>) {
  return c.html(
    <ShopPage ctx={ctx} title="Page not found" path={c.req.path} noindex>
      <h1>Page not found</h1>
      <p>We could not find that page. It may have moved or no longer exists.</p>
      <p>
        <a href="/search">Browse all products</a> or <a href="/">go to the home page</a>.
      </p>
    </ShopPage>,
    404,
  );
}
