/** The empty search result's help: "did you mean" (the nearest product title) and a few new products. */
import { type CardProduct, ProductGrid } from './components.js';

/** `latest` are the newest products' cards, with their live sales (promo-badges withCardSales). */
export function EmptySearchHelp(props: {
  suggestion: string | null;
  latest: CardProduct[];
  currency: string;
}) {
  const { suggestion, latest } = props;
  return (
    <section aria-label="Suggestions" id="search-help">
      {suggestion ? (
        <p class="did-you-mean">
          Did you mean <a href={`/search?q=${encodeURIComponent(suggestion)}`}>{suggestion}</a>?
        </p>
      ) : (
        <p>Check the spelling, or try a shorter or more general word.</p>
      )}
      {latest.length > 0 ? (
        <>
          <h2>New in the store</h2>
          <ProductGrid products={latest} currency={props.currency} label="New in the store" />
        </>
      ) : null}
    </section>
  );
}
