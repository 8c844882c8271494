/**
 * The store's favicon (an SVG: its initial on its theme colour; /favicon.ico
 * answers the same image, so no page logs a 404) and its web app manifest.
 * On the apex both fall back to Storeloom's own.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { contrastText, safeColor } from '../assets/ui-css.js';
import { loadChrome } from './data.js';
import { DEFAULT_THEME } from './layout.js';

type C = Context<AppEnv>;

async function brand(c: C): Promise<{ name: string; color: string; background: string }> {
  const site = c.get('site');
  if (site.kind !== 'store')
    return { name: 'Storeloom', color: DEFAULT_THEME.colors.primary, background: '#ffffff' };
  const chrome = await loadChrome(c.get('deps'), site.tenant);
  return {
    name: chrome.name,
    color: safeColor(chrome.theme.colors?.primary, DEFAULT_THEME.colors.primary),
    background: safeColor(chrome.theme.colors?.background, DEFAULT_THEME.colors.background),
  };
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );

export async function faviconSvg(c: C) {
  const b = await brand(c);
  const initial = escapeXml((b.name.trim()[0] ?? 'S').toUpperCase());
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${b.color}"/>` +
    `<text x="32" y="44" font-family="system-ui,sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="${contrastText(b.color)}">${initial}</text></svg>`;
  c.header('Cache-Control', 'public, max-age=86400');
  return c.body(svg, 200, { 'Content-Type': 'image/svg+xml' });
}

export async function webManifest(c: C) {
  const b = await brand(c);
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(
    JSON.stringify({
      name: b.name,
      short_name: b.name.slice(0, 12),
      start_url: '/',
      display: 'browser',
      theme_color: b.color,
      background_color: b.background,
      icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
    }),
    200,
    { 'Content-Type': 'application/manifest+json' },
  );
}
