/**
 * Crawler files. On a store host: `robots.txt` (private paths disallowed,
 * sitemap announced) and `sitemap.xml` (home, collections, search, every
 * ACTIVE product — drafts and archived products never appear). On the apex:
 * `robots.txt` for the platform pages. A suspended store tells crawlers to
 * stay away and answers the sitemap with 503.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { escapeHtml } from '../../lib/http/errors.js';
import { listActiveProductHandles, listCategories } from './data.js';

type C = Context<AppEnv>;

export function apexRobots(publicUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /console',
    'Disallow: /login',
    'Allow: /',
    '',
    `# Stores publish their own sitemaps at https://{store}.${new URL(publicUrl).host}/sitemap.xml`,
    '',
  ].join('\n');
}

export function storeRobots(origin: string, active: boolean): string {
  if (!active) return 'User-agent: *\nDisallow: /\n';
  return [
    'User-agent: *',
    'Disallow: /cart',
    'Disallow: /checkout',
    'Disallow: /account',
    'Disallow: /orders/',
    'Disallow: /admin',
    'Disallow: /api/',
    'Disallow: /search?',
    'Allow: /',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}

export function robotsTxt(c: C) {
  const site = c.get('site');
  const body =
    site.kind === 'store'
      ? storeRobots(site.url, site.tenant.status === 'active')
      : apexRobots(c.get('deps').config.PUBLIC_URL);
  return c.text(body, 200, { 'cache-control': 'public, max-age=3600' });
}

export async function sitemapXml(c: C) {
  const site = c.get('site');
  if (site.kind !== 'store') return c.notFound();
  if (site.tenant.status !== 'active') return c.text('Store unavailable', 503, { 'retry-after': '3600' });
  const deps = c.get('deps');
  const [handles, categories] = await Promise.all([
    listActiveProductHandles(deps, site.tenant),
    listCategories(deps, site.tenant),
  ]);
  const urls = [
    '/',
    '/collections',
    ...categories.map((cat) => `/collections/${encodeURIComponent(cat.handle)}`),
    ...handles.map((h) => `/products/${encodeURIComponent(h)}`),
  ];
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    urls.map((u) => `  <url><loc>${escapeHtml(site.url + u)}</loc></url>\n`).join('') +
    '</urlset>\n';
  return c.body(xml, 200, {
    'content-type': 'application/xml; charset=utf-8',
    'cache-control': 'public, max-age=600',
  });
}
