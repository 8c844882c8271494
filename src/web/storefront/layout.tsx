/**
 * The storefront layout: every shopper-facing page of a store renders inside
 * it. The store's theme (colours, fonts) becomes CSS variables; navigation
 * comes from the store's settings; the header carries the store name, a
 * search form (GET /search?q=), the cart (/cart) and account (/account)
 * links; the footer lists the store's published content pages.
 *
 * Pages get the props from `loadStoreChrome(deps, tenant)` in
 * src/modules/stores/service.ts (one small read, cached briefly), e.g.:
 *   const chrome = await loadStoreChrome(c.get('deps'), storeOf(c));
 *   return c.html(<StorefrontLayout chrome={chrome} title="Search">…</StorefrontLayout>);
 *
 * Theme values are data a merchant controls, so they are re-validated here
 * (hex colours, plain font stacks) before they reach the <style> block.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import {
  DEFAULT_THEME,
  type StoreChrome,
  type StoreNavItem,
  type StoreTheme,
  type StoreThemeColors,
} from '../../modules/stores/chrome.js';
import { contrastText, safeColor, safeFontStack, UI_CSS } from '../assets/ui-css.js';
import { HeadLink } from '../components/head-link.js';

export type { StoreChrome, StoreNavItem, StoreTheme, StoreThemeColors };
// The store's presentation data is the stores module's; the layout renders it.
export { DEFAULT_THEME };

export interface StorefrontLayoutProps {
  chrome: StoreChrome;
  /** Page title; " · <store name>" is appended (omit on the home page). */
  title?: string;
  description?: string;
  /** The current search query, echoed into the search box. */
  searchQuery?: string;
  /** Number of items in the shopper's cart, shown next to the cart link. */
  cartCount?: number;
  /** Path of the current page, to mark the matching nav entry with aria-current. */
  currentPath?: string;
  head?: Child;
  scripts?: string[];
  children?: Child;
}

/** The :root block with the theme as CSS variables (values re-validated). */
export function themeCss(theme: StoreTheme): string {
  const d = DEFAULT_THEME.colors;
  const c = theme.colors ?? d;
  const primary = safeColor(c.primary, d.primary);
  const vars: Record<string, string> = {
    '--c-primary': primary,
    '--c-on-primary': contrastText(primary),
    '--c-bg': safeColor(c.background, d.background),
    '--c-surface': safeColor(c.surface, d.surface),
    '--c-text': safeColor(c.text, d.text),
    '--c-muted': safeColor(c.muted, d.muted),
    '--c-accent': safeColor(c.accent, d.accent),
    '--c-border': safeColor(c.border, d.border),
    '--f-body': safeFontStack(theme.fonts?.body, DEFAULT_THEME.fonts.body),
    '--f-heading': safeFontStack(theme.fonts?.heading, DEFAULT_THEME.fonts.heading),
  };
  return `:root{${Object.entries(vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;
}

/** Only same-site paths and http(s) URLs are rendered as links (no javascript: URLs from data). */
export function safeHref(href: string): string {
  return /^\/(?!\/)/.test(href) || /^https?:\/\//i.test(href) ? href : '/';
}

export function StorefrontLayout(props: StorefrontLayoutProps) {
  const { chrome } = props;
  const title = props.title ? `${props.title} · ${chrome.name}` : chrome.name;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <title>{title}</title>
          <HeadLink rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <HeadLink rel="manifest" href="/manifest.webmanifest" />
          {props.description ? <meta name="description" content={props.description} /> : null}
          <style dangerouslySetInnerHTML={{ __html: themeCss(chrome.theme) + UI_CSS }} />
          {props.head}
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <SiteHeader {...props} />
          <main id="main" tabindex={-1}>
            <div class="wrap">{props.children}</div>
          </main>
          <SiteFooter chrome={chrome} />
          {(props.scripts ?? []).map((s) => (
            <script dangerouslySetInnerHTML={{ __html: s }} />
          ))}
        </body>
      </html>
    </>
  );
}

/**
 * Brand, the store's navigation, search, account and the cart with its count.
 * On a phone the navigation folds into a "Menu" disclosure and the tools sit
 * on one row under the brand (CSS in ui-css.ts), so the header stays short.
 */
function SiteHeader(props: StorefrontLayoutProps) {
  const { chrome } = props;
  return (
    <header class="site-header">
      <div class="wrap">
        <a class="brand" href="/">
          {chrome.name}
        </a>
        {chrome.navigation.length > 0 ? (
          <>
            <nav class="nav nav-wide" aria-label="Store">
              <NavList items={chrome.navigation} currentPath={props.currentPath} />
            </nav>
            <details class="nav-menu">
              <summary>Menu</summary>
              <nav class="nav" aria-label="Store menu">
                <NavList items={chrome.navigation} currentPath={props.currentPath} />
              </nav>
            </details>
          </>
        ) : null}
        <div class="header-tools">
          <search>
            <form class="search" method="get" action="/search" role="search">
              <label class="visually-hidden" for="site-search">
                Search products
              </label>
              <input
                id="site-search"
                type="search"
                name="q"
                value={props.searchQuery ?? ''}
                placeholder="Search products"
              />
              <button class="btn" type="submit">
                Search
              </button>
            </form>
          </search>
          <a href="/account">Account</a>
          <a href="/cart">
            Cart
            {props.cartCount ? (
              <>
                {' '}
                <span class="badge">
                  {props.cartCount}
                  <span class="visually-hidden"> items</span>
                </span>
              </>
            ) : null}
          </a>
        </div>
      </div>
    </header>
  );
}

function NavList(props: { items: StoreNavItem[]; currentPath?: string }) {
  return (
    <ul>
      {props.items.map((item) => (
        <li>
          <a href={safeHref(item.href)} aria-current={props.currentPath === item.href ? 'page' : undefined}>
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

function SiteFooter(props: { chrome: StoreChrome }) {
  const { chrome } = props;
  return (
    <footer class="site-footer">
      <div class="wrap">
        {chrome.footerPages.length > 0 ? (
          <nav aria-label="Store information">
            <ul>
              {chrome.footerPages.map((p) => (
                <li>
                  <a href={`/pages/${encodeURIComponent(p.slug)}`}>{p.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <p>
          © {chrome.name}
          {chrome.tagline ? ` — ${chrome.tagline}` : ''} · Powered by Storeloom
        </p>
      </div>
    </footer>
  );
}
