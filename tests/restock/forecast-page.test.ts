/** The restock page shows each variant's history and forecast band (inline SVG), its demand pattern and the reorder advice in plain words, and the method and arithmetic under "Technical details". */
import { describe, expect, it } from 'vitest';
import { ForecastChart } from '../../src/web/admin/forecast-chart.js';
import { getPage, pageLogin } from '../auth/page-helpers.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

describe('forecast chart', () => {
  it('is a pure SVG of history, forecast and band', () => {
    const svg = String(
      ForecastChart({
        series: { history: [1, 2, 3, 0], forecast: [2, 2], p10: [1, 1], p90: [4, 5] },
        label: 'A & B',
      }),
    );
    expect(svg).toMatch(/^<svg class="forecast-chart"/);
    expect(svg).toContain('<title>A &amp; B</title>');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('<polygon');
    expect(svg).toContain('max 5/day');
  });

  it('appears on the restock page with the method, why and the reorder point arithmetic', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, s.tenant.id, { stock: 2 });
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const csv = [
      'sku,date,quantity',
      ...Array.from({ length: 70 }, (_, i) => `${v.sku},${day(i + 1)},${3 + (i % 4)}`),
    ];
    const imp = await request(p.app, 'POST', '/api/admin/restock/sales-history', {
      host: s.host,
      token: s.owner.token,
      raw: csv.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imp.status).toBe(201);
    const { cookie } = await pageLogin(p.app, s.host, '/admin/login', s.owner.email, s.owner.password);
    const page = await getPage(p.app, s.host, '/admin/restock', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="forecast-chart"');
    expect(page.text).toContain(v.sku);
    expect(page.text).toMatch(/reorder point \d+ = 95% fill-rate point/);
    // The caption speaks the merchant's language; the method's name only under "Technical details".
    expect(page.text).toMatch(/(Steady demand|Uneven demand|Intermittent demand|Occasional big orders) — /);
    expect(page.text).not.toMatch(
      /(medses|median8w|ses|damped|sba|tsb) \((smooth|erratic|intermittent|lumpy)\)/,
    );
    expect(page.text).toMatch(
      /<summary>Technical details<\/summary><p>Method: [^<]*“(medses|median8w|ses|damped|sba|tsb)”/,
    );
  });
});
