/**
 * The recommendation rows' HTML (recommendations.tsx composes what they show): a row of product cards
 * and "Frequently bought together".
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../../lib/http/context.js';
import { CSRF_FIELD, csrfToken } from '../../lib/http/csrf.js';
import type { ServedProduct } from '../../modules/recommendations/service.js';
import { money } from './components.js';
import { escapeAsJsx } from './recommendation-memo.js';

type C = Context<AppEnv>;

/*
 * The rows' HTML is written as strings, not JSX: a row is a handful of fixed tags around catalog text,
 * and hono's JSX built an element tree per card and walked it again to print it (a cold rows fragment
 * spent ~0.4 ms and most of its garbage there). The output is byte for byte what the JSX printed
 * (tests/recommendations/rows-html.test.ts holds it): text and attribute values go through hono's own
 * escaper (the one JSX uses), prices through the storefront's one money formatter.
 */

const esc = escapeAsJsx;

/** A hidden form field, as JSX prints `<input type="hidden" name=… value=…/>`. */
const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${esc(name)}" value="${esc(value)}"/>`;

const productHref = (handle: string) => esc(`/products/${encodeURIComponent(handle)}`);

/**
 * A row of product cards, each with its reason, priced in `currency` (the store's: every list is priced
 * in it); with `c`, each card has a one-click add form.
 */
export function RecommendationRow(props: {
  id: string;
  title: string;
  items: readonly ServedProduct[];
  currency: string;
  c?: C;
}): HtmlEscapedString | null {
  if (props.items.length === 0) return null;
  const csrf = props.c ? hidden(CSRF_FIELD, csrfToken(props.c)) : '';
  let html = `<section class="recommendations" aria-labelledby="${esc(props.id)}"><h2 id="${esc(props.id)}">${esc(props.title)}</h2><ul class="grid products" style="list-style:none;padding:0">`;
  for (const p of props.items) {
    const title = esc(p.title);
    html += `<li class="card product-card"><a href="${productHref(p.handle)}"><h3>${title}</h3></a><p><span class="price-line"><span class="price">${esc(money(p.price, props.currency))}</span></span></p><p class="muted reason">${esc(capitalise(p.reason))}</p>`;
    if (props.c && p.variantId)
      html += `<form method="post" action="/cart/items">${csrf}${hidden('variantId', p.variantId)}${hidden('quantity', '1')}<button class="btn btn-secondary" type="submit" aria-label="Add to cart: ${title}">Add to cart</button></form>`;
    html += '</li>';
  }
  return raw(`${html}</ul></section>`);
}

/** "Frequently bought together": this product plus its companion, added to the cart in one click. */
export function boughtTogether(props: {
  csrf: string;
  title: string;
  variantId: string;
  price: number;
  currency: string;
  companion: ServedProduct;
}): string {
  const { companion, currency } = props;
  return (
    `<section class="recommendations" aria-labelledby="rec-together"><h2 id="rec-together">Frequently bought together</h2><div class="card">` +
    `<p><strong>This item:</strong> ${esc(props.title)} — ${esc(money(props.price, currency))}</p>` +
    `<p><strong>+</strong> <a href="${productHref(companion.handle)}">${esc(companion.title)}</a> — ${esc(money(companion.price, currency))}</p>` +
    `<p class="muted reason">${esc(capitalise(companion.reason))}</p>` +
    `<form method="post" action="/cart/pair">${hidden(CSRF_FIELD, props.csrf)}${hidden('variantId', props.variantId)}${hidden('variantId', companion.variantId ?? '')}` +
    `<button class="btn" type="submit">Add both to cart — ${esc(money(props.price + companion.price, currency))}</button></form></div></section>`
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
