/** The empty search result's help: "did you mean" (the nearest product title) and a few new products. */
import { ProductGrid } from './components.js';
import type { emptySearchHelp } from './data.js';

export function EmptySearchHelp(props: {
  help: Awaited<ReturnType<typeof emptySearchHelp>>;
  currency: string;
}) {
  const { suggestion, latest } = props.help;
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
