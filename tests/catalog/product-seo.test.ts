/**
 * Per-product SEO title and meta description: saved from the admin editor
 * (character counters shown; an over-long value answers 400 with the count
 * and keeps what was typed), through the admin API, and used by the
 * storefront product page's <title> and meta description.
 */
import { describe, expect, it } from 'vitest';
import { getPage, postForm } from '../auth/page-helpers.js';
import { request } from '../support/platform.js';
import { mugEditor } from './image-fixtures.js';

/** The editor's fields as the browser would post them back unchanged. */
function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    if (!name || /type="(file|checkbox)"/.test(m[0])) continue;
    out[name] =
      /value="([^"]*)"/
        .exec(m[0])?.[1]
        ?.replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"') ?? '';
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) out[m[1]!] = m[2]!;
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g))
    out[m[1]!] = /<option[^>]*value="([^"]*)"[^>]*selected/.exec(m[0])?.[1] ?? '';
  return out;
}

describe('product SEO fields', () => {
  it('are edited with counters, validated, and used by the storefront page', async () => {
    const { p, shop, host, cookie, editor, page, csrf } = await mugEditor();
    expect(page.text).toContain('0 / 70 characters');
    expect(page.text).toContain('0 / 320 characters');
    // Without SEO fields the storefront derives them.
    const plain = await getPage(p.app, host, `/products/${shop.mug.handle}`);
    expect(plain.text).toContain('<title>Ceramic Mug ·');
    expect(plain.text).toContain('content="Stoneware mug, 350 ml."');

    const fields = { ...formFields(page.text), _csrf: csrf, intent: 'save' };
    const long = 'x'.repeat(71);
    const bad = await postForm(p.app, host, editor, { ...fields, seoTitle: long }, { cookie });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('At most 70 characters (now 71)');
    expect(bad.text).toContain(`value="${long}"`);
    expect(bad.text).toContain('71 / 70 characters');

    const ok = await postForm(
      p.app,
      host,
      editor,
      {
        ...fields,
        seoTitle: 'Handmade stoneware mug',
        seoDescription: 'A 350 ml mug, thrown by hand & glazed.',
      },
      { cookie },
    );
    expect(ok.status).toBe(303);
    const api = await request(p.app, 'GET', `/api/admin/products/${shop.mug.id}`, {
      host,
      token: shop.store.owner.token,
    });
    expect(api.body).toMatchObject({
      seoTitle: 'Handmade stoneware mug',
      seoDescription: 'A 350 ml mug, thrown by hand & glazed.',
      title: 'Ceramic Mug',
    });
    const shown = await getPage(p.app, host, `/products/${shop.mug.handle}`);
    expect(shown.text).toContain('<title>Handmade stoneware mug ·');
    expect(shown.text).toContain(
      '<meta name="description" content="A 350 ml mug, thrown by hand &amp; glazed."',
    );

    // Emptied through the API: the storefront derives them again.
    const cleared = await request(p.app, 'PATCH', `/api/admin/products/${shop.mug.id}`, {
      host,
      token: shop.store.owner.token,
      body: { seoTitle: null, seoDescription: null },
    });
    expect(cleared.status).toBe(200);
    expect((await getPage(p.app, host, `/products/${shop.mug.handle}`)).text).toContain(
      '<title>Ceramic Mug ·',
    );
    const tooLong = await request(p.app, 'PATCH', `/api/admin/products/${shop.mug.id}`, {
      host,
      token: shop.store.owner.token,
      body: { seoDescription: 'y'.repeat(321) },
    });
    expect(tooLong.status).toBe(400);
  });
});
