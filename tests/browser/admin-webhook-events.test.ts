/**
 * The webhook endpoint form's event checkboxes at 1280 and 390 px: grouped by
 * domain (the event name's prefix: order.*, product.*, …), each group a box
 * whose checkboxes line up in one column, the groups in columns of one width
 * (one column at 390 px), nothing overlapping or sticking out; ticking events
 * in two groups stores exactly those on the endpoint.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { WEBHOOK_EVENTS } from '../../src/modules/webhooks/service.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestStore } from '../support/factories.js';
import { checkPage, signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

interface Box {
  domain: string;
  x: number;
  y: number;
  w: number;
  h: number;
  checks: { value: string; x: number; textX: number; y: number; bottom: number }[];
}

function readGroups(page: Page): Promise<Box[]> {
  return page.evaluate<Box[]>(`[...document.querySelectorAll('.event-group')].map((g) => {
    const r = g.getBoundingClientRect();
    return {
      domain: g.dataset.domain ?? '', x: r.left, y: r.top, w: r.width, h: r.height,
      checks: [...g.querySelectorAll('label.check')].map((l) => {
        const input = l.querySelector('input');
        const box = input.getBoundingClientRect();
        const lr = l.getBoundingClientRect();
        return { value: input.value, x: box.left, textX: l.querySelector('span').getBoundingClientRect().left,
          y: lr.top, bottom: lr.bottom };
      }),
    };
  })`);
}

describe('webhook event checkboxes', () => {
  it('are grouped by domain in a tidy grid at 1280 and 390 px, and save what was ticked', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const base = b.storeBase(store.tenant.handle);
    for (const [width, maxColumns] of [
      [1280, 4],
      [390, 1],
    ] as const) {
      const page = await signIn(b, store, { width, height: 900 });
      await page.goto(`${base}/admin/webhooks`);
      const groups = await readGroups(page);
      // Every event exactly once, in the group of its prefix.
      expect(groups.flatMap((g) => g.checks.map((c) => c.value)).sort()).toEqual([...WEBHOOK_EVENTS].sort());
      for (const g of groups) for (const c of g.checks) expect(c.value.split('.')[0]).toBe(g.domain);
      expect(groups.map((g) => g.domain)).toEqual([
        'order',
        'stock',
        'product',
        'customer',
        'review',
        'ticket',
        'return',
      ]);
      expect(await page.locator('.event-group legend').allTextContents()).toContain('Orders');
      // Inside a group: boxes in one column, labels in one column, stacked without overlap.
      for (const g of groups) {
        for (const c of g.checks) {
          expect(Math.abs(c.x - g.checks[0]!.x), `${c.value} box`).toBeLessThanOrEqual(1);
          expect(Math.abs(c.textX - g.checks[0]!.textX), `${c.value} label`).toBeLessThanOrEqual(1);
        }
        for (let i = 1; i < g.checks.length; i++)
          expect(g.checks[i]!.y).toBeGreaterThanOrEqual(g.checks[i - 1]!.bottom - 0.5);
      }
      // The groups: columns of one width, at most maxColumns of them, all inside the window.
      const lefts = [...new Set(groups.map((g) => Math.round(g.x)))];
      expect(lefts.length).toBeGreaterThan(width === 1280 ? 1 : 0);
      expect(lefts.length).toBeLessThanOrEqual(maxColumns);
      for (const g of groups) {
        expect(Math.abs(g.w - groups[0]!.w)).toBeLessThanOrEqual(1);
        expect(g.x + g.w).toBeLessThanOrEqual(width);
      }
      // No two groups overlap.
      for (const a of groups)
        for (const o of groups)
          if (a !== o && Math.round(a.x) === Math.round(o.x))
            expect(a.y + a.h <= o.y + 0.5 || o.y + o.h <= a.y + 0.5, `${a.domain}/${o.domain}`).toBe(true);
      await checkPage(b, page, `webhook-events-${width}`);

      if (width === 390) {
        await page.fill('#f-url', 'http://127.0.0.1:9/hook');
        await page.check('input[value="order.paid"]');
        await page.check('input[value="return.refunded"]');
        await page.click('text=Add endpoint');
        await page.waitForSelector('#webhook-secret');
      }
    }
    const eps = await withTenant(b.p.deps.db, t, (trx) =>
      trx.selectFrom('webhook_endpoints').select('events').where('tenant_id', '=', t).execute(),
    );
    expect(eps.map((e) => [...e.events].sort())).toEqual([['order.paid', 'return.refunded']]);
  }, 180_000);
});
