/**
 * The kit's FilterBar lines its fields up: at 1280 px every label of a bar's
 * line starts at the same height and every control of the line (search box,
 * select, date input) has the same top, all the same height, within 1 px (a
 * bar too long for one line wraps rather than cutting a control's text) — on the products list
 * (search + selects), the orders list (selects + date inputs; also with a
 * date's error under it) and the audit log (selects + dates, no search); Apply
 * is level with the controls. At 390 px the fields stack, each label
 * above its control, inside the window.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedShop } from '../storefront/fixture.js';
import { horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

interface Field {
  label: string;
  labelTop: number;
  labelBottom: number;
  control: string;
  top: number;
  height: number;
  left: number;
  right: number;
}

const fieldsOf = (page: Page): Promise<Field[]> =>
  page.evaluate<Field[]>(`[...document.querySelectorAll('form.filter-bar .fb-item')].map((it) => {
    const label = it.querySelector('label');
    const l = label.getBoundingClientRect();
    const c = it.querySelector('input,select');
    const r = c.getBoundingClientRect();
    const type = c.getAttribute('type');
    return { label: label.textContent ?? '', labelTop: l.top, labelBottom: l.bottom,
      control: c.tagName.toLowerCase() + (type ? '[' + type + ']' : ''),
      top: r.top, height: r.height, left: r.left, right: r.right };
  })`);

const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

describe('FilterBar alignment', () => {
  it('labels and controls line up at 1280 px and stack inside 390 px', async () => {
    const shop = await seedShop(b.p.deps);
    const base = b.storeBase(shop.store.tenant.handle);
    const page = await signIn(b, shop.store, { width: 1280, height: 900 });
    const pages = [
      ['/admin/products', ['Search', 'Status']],
      ['/admin/orders', ['Search', 'Status', 'Placed from']],
      ['/admin/audit', ['From']],
      // A field with its error under it keeps its label on the line of the others.
      ['/admin/orders?from=2026-13-45', ['Placed from']],
    ] as const;
    for (const [path, mustHave] of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}${path}`);
      const fields = await fieldsOf(page);
      const labels = fields.map((f) => f.label);
      for (const name of mustHave) expect(labels, path).toContain(name);
      // Mixed controls on one bar, or the check would prove nothing.
      expect(new Set(fields.map((f) => f.control.slice(0, 5))).size, path).toBeGreaterThan(1);
      const msg = `${path}: ${JSON.stringify(fields.map((f) => [f.label, f.control, f.labelTop, f.top, f.height]))}`;
      // A bar too long for one line wraps (no control is squeezed until its text is cut): the fields
      // line up line by line — a line being the fields whose labels start within a label's height.
      const lines: Field[][] = [];
      for (const f of fields) {
        const line = lines.find((l) => Math.abs(l[0]!.labelTop - f.labelTop) < 10);
        if (line) line.push(f);
        else lines.push([f]);
      }
      for (const line of lines) {
        expect(spread(line.map((f) => f.labelTop)), msg).toBeLessThanOrEqual(1);
        expect(spread(line.map((f) => f.top)), msg).toBeLessThanOrEqual(1);
      }
      expect(spread(fields.map((f) => f.height)), msg).toBeLessThanOrEqual(1);
      // Apply sits level with the controls of the line it shares.
      const apply = await page.evaluate<{ top: number; height: number }>(
        `(() => { const r = document.querySelector('form.filter-bar > button').getBoundingClientRect(); return { top: r.top, height: r.height }; })()`,
      );
      const last = lines.at(-1)![0]!;
      if (apply.top < last.top + last.height) {
        expect(Math.abs(apply.top - last.top), msg).toBeLessThanOrEqual(1);
        expect(Math.abs(apply.height - last.height), msg).toBeLessThanOrEqual(1);
      }
      if (path.includes('2026-13-45')) expect(await page.textContent('main')).toContain('Use a date like');
      await b.shot(page, `filter-bar${path.replace(/[/?=&]/g, '-')}-1280`);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}${path}`);
      for (const f of await fieldsOf(page)) {
        expect(f.top, `${path} ${f.label}`).toBeGreaterThanOrEqual(f.labelBottom - 0.5);
        expect(f.left).toBeGreaterThanOrEqual(0);
        expect(f.right).toBeLessThanOrEqual(390);
      }
      expect(await horizontalOverflow(page)).toBe(0);
      await b.shot(page, `filter-bar${path.replace(/[/?=&]/g, '-')}-390`);
    }
    // The fixture's product image lives on a host that does not resolve; everything else must be clean.
    const errors = b
      .errors(page)
      .filter((e) => !e.includes('/favicon.ico') && !e.includes('img.example.test'));
    expect(errors).toEqual([]);
  }, 120_000);
});
