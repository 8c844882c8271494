/**
 * Store templates come with sample reviews: every template's reviews.json is
 * valid and names products of its own catalog, and a store provisioned from
 * a template shows them (published, with replies) through the store API.
 */
import { describe, expect, it } from 'vitest';
import { provisionStore } from '../../src/flows/provision-store.js';
import { loadTemplateReviews } from '../../src/modules/reviews/template-reviews.js';
import { getTemplate } from '../../src/modules/stores/templates.js';
import { signupBody } from '../signup/helpers.js';
import { request, storeHost, testPlatform } from '../support/platform.js';

describe('template reviews', () => {
  it.each(['apparel', 'electronics', 'grocery'])('%s: valid, on its own products', async (name) => {
    const template = (await getTemplate(name))!;
    const reviews = await loadTemplateReviews(template.dir);
    expect(reviews.length).toBeGreaterThanOrEqual(5);
    const handles = new Set(template.catalog.products.map((p) => p.handle));
    for (const r of reviews) expect(handles.has(r.product), r.product).toBe(true);
  });

  it('a new store from the apparel template (the demo store) shows its sample reviews', async () => {
    const p = await testPlatform();
    const template = (await getTemplate('apparel'))!;
    const body = signupBody();
    await provisionStore(p.deps, { ...body, template });
    const res = await request(p.app, 'GET', '/api/store/products/classic-organic-tee/reviews', {
      host: storeHost(body.handle),
    });
    expect(res.status).toBe(200);
    expect(res.body.summary.count).toBe(3);
    expect(res.body.items.some((r: { reply?: unknown }) => r.reply)).toBe(true);
  });
});
