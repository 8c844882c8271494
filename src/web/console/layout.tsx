/**
 * The console's own page frame (apex, /console…): a Storeloom Console header
 * with the same navigation on every page, the signed-in platform admin and a
 * sign-out button — never the public marketing header. Reads the request
 * through hono's context storage (mounted in src/app.ts), so pages only pass
 * title/current/notice/error.
 */

import { getContext } from 'hono/context-storage';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { getUserAccount } from '../../modules/auth/service.js';
import { ADMIN_CSS } from '../assets/admin-css.js';
import { UI_CSS } from '../assets/ui-css.js';
import { HeadLink } from '../components/head-link.js';
import { Flash } from '../components/ui.js';

export type ConsoleNavKey = 'tenants' | 'revenue' | 'audit' | 'jobs';

export const CONSOLE_NAV: { key: ConsoleNavKey; href: string; label: string }[] = [
  { key: 'tenants', href: '/console', label: 'Tenants' },
  { key: 'revenue', href: '/console/billing', label: 'Revenue' },
  { key: 'audit', href: '/console/audit', label: 'Audit log' },
  { key: 'jobs', href: '/console/jobs', label: 'Jobs' },
];

const CONSOLE_CSS =
  ':root{--c-primary:#4338ca;--c-on-primary:#fff;--c-bg:#fff;--c-surface:#f7f7fb;--c-text:#17172b;--c-muted:#55556a;' +
  '--c-accent:#0e9f6e;--c-border:#dcdce8;--f-body:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--f-heading:var(--f-body)}' +
  '.console-top{background:#17172b;color:#fff}.console-top .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding-top:.6rem;padding-bottom:.6rem;max-width:90rem}' +
  '.console-top a{color:#fff}.console-top .brand{font-weight:700;text-decoration:none}' +
  '.console-top .nav a{color:#e4e4f0}.console-top .nav a[aria-current=page]{color:#fff;border-bottom-color:#a5b4fc}' +
  '.console-top .who{margin-left:auto;display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}' +
  '.console-top .btn-secondary{background:transparent;color:#fff;border-color:#a5b4fc;padding:.3rem .8rem}' +
  '.console-top .brand{white-space:nowrap;flex:none}.console-top .who span{overflow-wrap:anywhere}' +
  '.console-main{max-width:90rem;padding-bottom:3rem}' +
  '.console-main>h1{margin:1.25rem 0 1rem}.console-main>section,.console-main>.card,.console-main>.cards{margin-top:1.25rem}' +
  '.scroll-x{overflow-x:auto}.scroll-x>.table-wrap{overflow:visible}.scroll-x:focus-visible{outline:3px solid var(--c-primary)}' +
  '.console-main svg{max-width:100%;height:auto}.danger{border-color:#b3261e}' +
  '.meter{display:block;height:.5rem;background:var(--c-border);border-radius:.25rem;overflow:hidden;margin-top:.25rem}' +
  '.meter>span{display:block;height:100%;background:var(--c-primary)}.meter.full>span{background:#b3261e}' +
  'dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dl.kv dt{font-weight:600}dl.kv dd{margin:0}' +
  // The console has no admin script to shift a confirm panel: it hangs rightwards from its button at the card's left.
  '.ops .confirm-panel{left:0;right:auto}' +
  '.ops{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));margin:1rem 0}';

export async function ConsoleLayout(props: {
  title: string;
  current: ConsoleNavKey | string;
  notice?: string;
  error?: string;
  children?: Child;
}) {
  const c = getContext<AppEnv>();
  const p = c.get('principal');
  const user = p?.kind === 'user' ? await getUserAccount(c.get('deps'), p.userId) : undefined;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${props.title} · Storeloom Console`}</title>
          <HeadLink rel="icon" href="data:," />
          <style dangerouslySetInnerHTML={{ __html: UI_CSS + ADMIN_CSS + CONSOLE_CSS }} />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="console-top">
            <div class="wrap">
              <a class="brand" href="/console">
                Storeloom Console
              </a>
              <nav class="nav" aria-label="Console">
                <ul>
                  {CONSOLE_NAV.map((n) => (
                    <li>
                      <a href={n.href} aria-current={n.key === props.current ? 'page' : undefined}>
                        {n.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <form method="post" action="/logout" class="who">
                <span>
                  Signed in as <strong>{user?.email ?? 'platform admin'}</strong>
                </span>
                {csrfInput(c)}
                <button class="btn btn-secondary" type="submit">
                  Sign out
                </button>
              </form>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            <div class="wrap console-main">
              <h1>{props.title}</h1>
              <Flash notice={props.notice} error={props.error} />
              {props.children}
            </div>
          </main>
        </body>
      </html>
    </>
  );
}

/**
 * A keyboard-scrollable box around a wide table (axe: scrollable regions must
 * be focusable); the kit's own .table-wrap stops scrolling inside it.
 */
export function Scroll(props: { label: string; children?: Child }) {
  return (
    <div class="scroll-x" tabindex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}

/** Query strings with the empty fields left out. */
export const blankToUndef = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
export const ymd = (d?: Date) => (d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : '');
/** A UTC timestamp as people read it: `2026-12-02 20:41`. */
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
