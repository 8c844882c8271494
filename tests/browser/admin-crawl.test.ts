/**
 * No dead ends in /admin (issue #12 point 12): signs in as the owner and as a
 * staff member, follows every same-origin link reachable from /admin (GET
 * only; sign-out is a POST form, so never followed), and fails on any 4xx/5xx,
 * any browser console/page error, and any horizontal overflow at 390 px.
 * Links outside /admin (the storefront) are checked for their status but not
 * crawled further. Generic on purpose: every page that joins the nav joins
 * this test. Links of the same shape (ids replaced) are visited a few times
 * each, so a long list does not turn into hundreds of page loads.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedShop } from '../storefront/fixture.js';
import { horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { addMember, type TestUser } from '../support/factories.js';

const b = useBrowserHarness();

const PER_SHAPE = 3;
const MAX_PAGES = 150;

/** `/admin/products/3f0c…?page=2` → `/admin/products/:id` (query names kept, values dropped). */
function shapeOf(u: URL): string {
  const path = u.pathname
    .split('/')
    .map((seg) => (/^[0-9a-f-]{16,}$/i.test(seg) || /^\d+$/.test(seg) ? ':id' : seg))
    .join('/');
  return `${path}?${[...u.searchParams.keys()].sort().join('&')}`;
}

async function signIn(page: Page, base: string, user: TestUser): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')]);
}

/** The elements that stick out on the right (for the failure message). */
function widest(page: Page): Promise<string> {
  return page.evaluate<string>(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
      .slice(-3).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')).join(', ')`,
  );
}

interface CrawlResult {
  visited: string[];
  failures: string[];
}

async function crawl(page: Page, base: string, label: string): Promise<CrawlResult> {
  const origin = new URL(base).origin;
  const queue = [`${base}/admin`];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const visited: string[] = [];
  const failures: string[] = [];
  while (queue.length > 0 && visited.length < MAX_PAGES) {
    const url = queue.shift()!;
    const u = new URL(url);
    // Status first, from inside the page (same cookies; *.localhost resolves only in Chromium).
    const [status, type] = await page.evaluate(
      (target) => fetch(target).then((r) => [r.status, r.headers.get('content-type') ?? ''] as const),
      url,
    );
    if (status >= 400) failures.push(`${status} ${u.pathname}${u.search}`);
    if (!u.pathname.startsWith('/admin') || !type.includes('text/html') || status >= 400) continue;
    visited.push(`${u.pathname}${u.search}`);
    const before = b.errors(page).length;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url);
    if (visited.length <= 40) await b.shot(page, `${label}-${visited.length}-1280`);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    await page.setViewportSize({ width: 390, height: 844 });
    const over = await horizontalOverflow(page);
    if (over > 0)
      failures.push(`overflow ${over}px at 390: ${u.pathname}${u.search} (${await widest(page)})`);
    if (visited.length <= 40) await b.shot(page, `${label}-${visited.length}-390`);
    // The fixture's product images live on example.test, which does not resolve offline.
    const errs = b
      .errors(page)
      .slice(before)
      .filter((e) => !e.includes('ERR_NAME_NOT_RESOLVED (https://img.example.test/'));
    for (const e of errs) failures.push(`console on ${u.pathname}: ${e}`);
    for (const href of hrefs) {
      if (!href || href.startsWith('#') || href.startsWith('mailto:')) continue;
      const next = new URL(href, url);
      next.hash = '';
      if (next.origin !== origin || seen.has(next.href)) continue;
      const shape = shapeOf(next);
      const n = shapes.get(shape) ?? 0;
      if (n >= PER_SHAPE) continue;
      shapes.set(shape, n + 1);
      seen.add(next.href);
      queue.push(next.href);
    }
  }
  return { visited, failures };
}

describe('admin crawl', () => {
  it('every link from /admin answers, without console errors or overflow at 390 px (owner and staff)', async () => {
    const shop = await seedShop(b.p.deps);
    const base = b.storeBase(shop.store.tenant.handle);
    const staff = await addMember(b.p.deps, shop.store.tenant.id, 'staff');
    const results: Record<string, CrawlResult> = {};
    for (const [label, user] of [
      ['owner', shop.store.owner],
      ['staff', staff],
    ] as const) {
      const page = await b.page({ width: 1280, height: 900 });
      await signIn(page, base, user);
      results[label] = await crawl(page, base, label);
      await page.close();
    }
    process.stdout.write(
      `admin crawl: owner ${results.owner!.visited.length} pages, staff ${results.staff!.visited.length} pages\n`,
    );
    expect(results.owner!.failures).toEqual([]);
    expect(results.staff!.failures).toEqual([]);
    // The crawl really walked the admin (not just the overview) and staff saw fewer sections.
    expect(results.owner!.visited.length).toBeGreaterThan(3);
    expect(results.owner!.visited).toContain('/admin/staff');
    expect(results.staff!.visited).not.toContain('/admin/billing');
  }, 600_000);
});
