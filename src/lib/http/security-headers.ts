/**
 * Security headers on every response (issue #11 item 6), mounted once in
 * src/app.ts right after the request context so error pages get them too:
 *
 * - all responses: X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
 *   Referrer-Policy: strict-origin-when-cross-origin, and HSTS in production;
 * - HTML responses: a Content-Security-Policy with `frame-ancestors 'none'`
 *   and no `'unsafe-inline'` for scripts. The few inline scripts our pages
 *   ship are static strings registered with `allowInlineScript` at module
 *   load; the policy carries their SHA-256 hashes. Styles keep
 *   `'unsafe-inline'` (pages use style attributes and per-store theme CSS).
 *   The order page that takes cards loads Stripe.js (js.stripe.com, its
 *   frames and api.stripe.com). The API docs page serves Swagger UI from
 *   our own origin (swagger-ui-dist), so the page policy covers it.
 *
 * A handler that sets its own Content-Security-Policy keeps it (template
 * SVGs do).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from './context.js';

const inlineScriptHashes = new Set<string>();
let scriptSrcCache: string | undefined;

function sha256(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * Registers a static inline script so the CSP allows exactly this text; returns
 * it unchanged, so pages write `const S = allowInlineScript(`…`)`.
 */
export function allowInlineScript(source: string): string {
  inlineScriptHashes.add(sha256(source));
  scriptSrcCache = undefined;
  return source;
}

const STRIPE = {
  script: 'https://js.stripe.com',
  frame: 'https://js.stripe.com https://hooks.stripe.com',
  connect: 'https://api.stripe.com',
};

/** Store-host pages that load Stripe.js (the order page's card step). */
const STRIPE_PAGES = /^\/orders\/[^/]+\/confirmation$/;

function pageScriptSrc(): string {
  scriptSrcCache ??= ["'self'", ...inlineScriptHashes].join(' ');
  return scriptSrcCache;
}

export function pagePolicy(opts: { stripe?: boolean } = {}): string {
  const stripe = opts.stripe === true;
  return [
    "default-src 'self'",
    `script-src ${pageScriptSrc()}${stripe ? ` ${STRIPE.script}` : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https: http:",
    "font-src 'self' data:",
    `connect-src 'self'${stripe ? ` ${STRIPE.connect}` : ''}`,
    `frame-src ${stripe ? STRIPE.frame : "'none'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function policyFor(c: Context<AppEnv>): Promise<string> {
  const site = c.get('site');
  return pagePolicy({ stripe: site?.kind === 'store' && STRIPE_PAGES.test(c.req.path) });
}

export function securityHeaders(config: Pick<Config, 'isProduction'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    let h = c.res.headers;
    try {
      h.set('x-content-type-options', 'nosniff');
    } catch {
      // Immutable headers (Response.redirect and friends): copy the response once.
      c.res = new Response(c.res.body, c.res);
      h = c.res.headers;
    }
    h.set('x-content-type-options', 'nosniff');
    h.set('x-frame-options', 'DENY');
    h.set('referrer-policy', 'strict-origin-when-cross-origin');
    if (config.isProduction) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!h.has('content-security-policy') && (h.get('content-type') ?? '').startsWith('text/html')) {
      h.set('content-security-policy', await policyFor(c));
    }
  };
}
