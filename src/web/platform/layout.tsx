/**
 * The apex (platform) layout: Storeloom header with navigation (Pricing,
 * Sign up, Log in, Console), a main landmark for the page, and a footer.
 * Server-rendered, no client framework; pages may add a tiny script through
 * `scripts` (progressive enhancement only — every page works without JS).
 *
 * Usage from a handler:
 *   return c.html(<PlatformLayout title="Log in" current="login">…</PlatformLayout>);
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { UI_CSS } from '../assets/ui-css.js';
import { HeadLink } from '../components/head-link.js';

export type PlatformNavKey = 'home' | 'pricing' | 'signup' | 'login' | 'console';

export interface PlatformLayoutProps {
  /** The page title; " · Storeloom" is appended. */
  title: string;
  /** Meta description. */
  description?: string;
  /** Marks the nav entry of the current page with aria-current. */
  current?: PlatformNavKey;
  /** Extra <head> content (e.g. a page-specific <style>). */
  head?: Child;
  /** Inline scripts appended at the end of <body> (progressive enhancement). */
  scripts?: string[];
  /** Wider main column (console tables). */
  wide?: boolean;
  children?: Child;
}

const APEX_THEME_CSS =
  ':root{--c-primary:#4338ca;--c-on-primary:#ffffff;--c-bg:#ffffff;--c-surface:#f7f7fb;--c-text:#17172b;' +
  '--c-muted:#55556a;--c-accent:#0e9f6e;--c-border:#dcdce8;' +
  '--f-body:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--f-heading:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}';

const NAV: { key: PlatformNavKey; href: string; label: string }[] = [
  { key: 'pricing', href: '/#pricing', label: 'Pricing' },
  { key: 'signup', href: '/signup', label: 'Sign up' },
  { key: 'login', href: '/login', label: 'Log in' },
  { key: 'console', href: '/console', label: 'Console' },
];

export function PlatformLayout(props: PlatformLayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <title>{`${props.title} · Storeloom`}</title>
          <HeadLink rel="icon" href="data:," />
          {props.description ? <meta name="description" content={props.description} /> : null}
          <style dangerouslySetInnerHTML={{ __html: APEX_THEME_CSS + UI_CSS }} />
          {props.head}
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <div class="wrap">
              <a class="brand" href="/" aria-current={props.current === 'home' ? 'page' : undefined}>
                <span aria-hidden="true">◧ </span>Storeloom
              </a>
              <nav class="nav" aria-label="Main">
                <ul>
                  {NAV.map((item) => (
                    <li>
                      <a href={item.href} aria-current={props.current === item.key ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            <div class="wrap" style={props.wide ? 'max-width:90rem' : undefined}>
              {props.children}
            </div>
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <ul>
                <li>
                  <a href="/#features">Features</a>
                </li>
                <li>
                  <a href="/#pricing">Pricing</a>
                </li>
                <li>
                  <a href="/api/docs">API</a>
                </li>
                <li>
                  <a href="/signup">Open a store</a>
                </li>
              </ul>
              <p>© Storeloom — hosted commerce for independent merchants.</p>
            </div>
          </footer>
          {(props.scripts ?? []).map((s) => (
            <script dangerouslySetInnerHTML={{ __html: s }} />
          ))}
        </body>
      </html>
    </>
  );
}
