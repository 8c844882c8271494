/**
 * The recommendation rows are written as strings (recommendation-rows.ts): these are the exact bytes hono's
 * JSX printed for the same rows before, escaping included (titles, handles, reasons and the CSRF token
 * with every character JSX escapes), so a shopper's page is unchanged by the rewrite.
 */
import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/lib/http/context.js';
import { boughtTogether, RecommendationRow } from '../../src/web/storefront/recommendation-rows.js';

const items = [
  {
    id: 'a',
    handle: 'mug-<1>&"x"',
    title: `Tom's "big" <mug> & co`,
    price: 1234,
    reason: 'bought together with Fish & <Chips>',
    variantId: 'v1',
  },
  {
    id: 'b',
    handle: 'plain',
    title: 'Plain',
    price: 50000,
    reason: 'popular in this store',
    variantId: null,
  },
];
const c = {
  get: (k: string) => (k === 'pageSession' ? { csrfToken: 'tok<&"en' } : undefined),
} as unknown as Context<AppEnv>;

describe('recommendation rows HTML', () => {
  // Every card of a row is priced in the row's currency (the store's): the serving cache's rows carry none.
  it('prints a row with add forms exactly as the JSX did', () => {
    expect(
      String(RecommendationRow({ id: 'rec-cart', title: 'Complete your order', items, currency: 'USD', c })),
    ).toBe(
      '<section class="recommendations" aria-labelledby="rec-cart"><h2 id="rec-cart">Complete your order</h2><ul class="grid products" style="list-style:none;padding:0"><li class="card product-card"><a href="/products/mug-%3C1%3E%26%22x%22"><h3>Tom&#39;s &quot;big&quot; &lt;mug&gt; &amp; co</h3></a><p><span class="price-line"><span class="price">$12.34</span></span></p><p class="muted reason">Bought together with Fish &amp; &lt;Chips&gt;</p><form method="post" action="/cart/items"><input type="hidden" name="_csrf" value="tok&lt;&amp;&quot;en"/><input type="hidden" name="variantId" value="v1"/><input type="hidden" name="quantity" value="1"/><button class="btn btn-secondary" type="submit" aria-label="Add to cart: Tom&#39;s &quot;big&quot; &lt;mug&gt; &amp; co">Add to cart</button></form></li><li class="card product-card"><a href="/products/plain"><h3>Plain</h3></a><p><span class="price-line"><span class="price">$500.00</span></span></p><p class="muted reason">Popular in this store</p></li></ul></section>',
    );
  });

  it('prints a row without forms, and nothing for no items', () => {
    expect(
      String(RecommendationRow({ id: 'rec-similar', title: 'Similar <products>', items, currency: 'EUR' })),
    ).toBe(
      '<section class="recommendations" aria-labelledby="rec-similar"><h2 id="rec-similar">Similar &lt;products&gt;</h2><ul class="grid products" style="list-style:none;padding:0"><li class="card product-card"><a href="/products/mug-%3C1%3E%26%22x%22"><h3>Tom&#39;s &quot;big&quot; &lt;mug&gt; &amp; co</h3></a><p><span class="price-line"><span class="price">€12.34</span></span></p><p class="muted reason">Bought together with Fish &amp; &lt;Chips&gt;</p></li><li class="card product-card"><a href="/products/plain"><h3>Plain</h3></a><p><span class="price-line"><span class="price">€500.00</span></span></p><p class="muted reason">Popular in this store</p></li></ul></section>',
    );
    expect(
      RecommendationRow({ id: 'rec-similar', title: 'Similar products', items: [], currency: 'USD' }),
    ).toBeNull();
  });

  it('prints "Frequently bought together" exactly as the JSX did', () => {
    expect(
      boughtTogether({
        csrf: 'SLOT',
        title: `Own <"&'> title`,
        variantId: 'own-v',
        price: 999,
        currency: 'USD',
        companion: items[0]!,
      }),
    ).toBe(
      '<section class="recommendations" aria-labelledby="rec-together"><h2 id="rec-together">Frequently bought together</h2><div class="card"><p><strong>This item:</strong> Own &lt;&quot;&amp;&#39;&gt; title — $9.99</p><p><strong>+</strong> <a href="/products/mug-%3C1%3E%26%22x%22">Tom&#39;s &quot;big&quot; &lt;mug&gt; &amp; co</a> — $12.34</p><p class="muted reason">Bought together with Fish &amp; &lt;Chips&gt;</p><form method="post" action="/cart/pair"><input type="hidden" name="_csrf" value="SLOT"/><input type="hidden" name="variantId" value="own-v"/><input type="hidden" name="variantId" value="v1"/><button class="btn" type="submit">Add both to cart — $22.33</button></form></div></section>',
    );
  });
});
