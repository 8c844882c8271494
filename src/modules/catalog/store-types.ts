/** The shapes of the store's product listing and search (query, cards, facets) and their constants. */

export type StoreSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest';

export interface StoreProductQuery {
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort?: StoreSort;
  limit: number;
  cursor?: string;
  /** Count facets too (default true). The JSON API asks only on `facets=true`; the pages always do. */
  facets?: boolean;
}

export interface StoreProductCard {
  id: string;
  handle: string;
  title: string;
  price: number;
  currency: string;
  inStock: boolean;
  compareAtPrice?: number;
  image?: { url: string; alt: string };
}

export interface PriceBand {
  min: number;
  /** Inclusive upper bound; null for the open top band. */
  max: number | null;
  count: number;
}

export type StoreFacets = NonNullable<StoreProductPage['facets']>;

export interface StoreProductPage {
  items: StoreProductCard[];
  nextCursor: string | null;
  /** Absent when the query asked for no facets. */
  facets?: {
    categories: { handle: string; name: string; count: number }[];
    priceBands: PriceBand[];
    inStock: { count: number };
    /** Products matching the query and every filter (all pages). */
    total: number;
  };
}

/** Price band lower bounds in minor units (the last band is open-ended). */
export const PRICE_BAND_BOUNDS = [0, 2_500, 5_000, 10_000, 25_000, 50_000];

/** Minimum pg_trgm word similarity for the typo fallback. */
export const TRIGRAM_THRESHOLD = 0.4;
