/**
 * Product images from the admin editor over HTTP: upload (magic bytes, size),
 * import by address from a loopback server, alt text, order, delete; served
 * from /media/images on the store's own host with long cache headers, and
 * 404 for another store's image id, product id or a staff member's write.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { seedShop } from '../storefront/fixture.js';
import { addMember } from '../support/factories.js';
import type { TestPlatform } from '../support/platform.js';
import { makePng, mugEditor, startImageServer } from './image-fixtures.js';

async function setup(env?: Record<string, string>) {
  const { p, shop, host, cookie, editor, csrf } = await mugEditor(env);
  const upload = (file: Buffer | null, alt = '', path = `${editor}/images`, as = cookie) => {
    const fd = new FormData();
    fd.set('_csrf', csrf);
    fd.set('alt', alt);
    if (file) fd.set('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'photo.png');
    return p.app.request(`http://${host}${path}`, {
      method: 'POST',
      body: fd,
      headers: { host, cookie: as, origin: `http://${host}`, accept: 'text/html' },
    });
  };
  const post = (path: string, fields: Record<string, string>) =>
    postForm(p.app, host, path, { _csrf: csrf, ...fields }, { cookie });
  const images = () =>
    withTenant(p.deps.db, shop.store.tenant.id, (trx) =>
      trx
        .selectFrom('product_images')
        .select(['id', 'url', 'alt', 'position', 'storage_key'])
        .where('product_id', '=', shop.mug.id)
        .orderBy('position')
        .execute(),
    );
  const card = () =>
    withTenant(p.deps.db, shop.store.tenant.id, (trx) =>
      trx
        .selectFrom('products')
        .select(['card_image_url'])
        .where('id', '=', shop.mug.id)
        .executeTakeFirstOrThrow(),
    );
  return { p, shop, host, cookie, editor, csrf, upload, post, images, card };
}

const media = (p: TestPlatform, host: string, url: string) =>
  p.app.request(`http://${host}${url}`, { headers: { host } });

describe('product images in the admin editor', () => {
  it('uploads a PNG, serves it cacheably on this store only, reorders, edits alt text and deletes it', async () => {
    const { p, shop, host, editor, upload, post, images, card } = await setup();
    expect((await upload(makePng(8, 8, [40, 40, 200]), 'Blue mug')).status).toBe(303);
    const before = await images();
    expect(before).toHaveLength(1);
    expect((await card()).card_image_url).toBe(before[0]!.url);
    const png = makePng(8, 8, [200, 40, 40]);
    const res = await upload(png, 'Red mug');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('#images');
    const rows = await images();
    expect(rows).toHaveLength(before.length + 1);
    const img = rows[rows.length - 1]!;
    expect(img).toMatchObject({ alt: 'Red mug', position: before.length });
    expect(img.url).toMatch(/^\/media\/images\/[0-9a-f-]{36}\.png$/);
    expect(img.storage_key).toBe(`${shop.store.tenant.id}/${img.id}.png`);

    const served = await media(p, host, img.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    const again = await p.app.request(`http://${host}${img.url}`, {
      headers: { host, 'if-none-match': served.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    // Another store's host does not know this image id.
    const other = await seedShop(p.deps);
    expect((await media(p, other.store.host, img.url)).status).toBe(404);
    expect((await media(p, host, '/media/images/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);

    // Move it to the front: it becomes the card image.
    for (let i = 0; i < before.length; i++)
      expect((await post(`${editor}/images/${img.id}/move`, { direction: 'up' })).status).toBe(303);
    expect((await images())[0]!.id).toBe(img.id);
    expect((await card()).card_image_url).toBe(img.url);
    const page = await getPage(p.app, host, editor, (await setupCookie(p, shop)).cookie);
    expect(page.text).toContain(`src="${img.url}"`);
    expect(page.text).toContain('Main image');

    expect((await post(`${editor}/images/${img.id}`, { alt: 'A red stoneware mug' })).status).toBe(303);
    expect((await images())[0]!.alt).toBe('A red stoneware mug');
    const storefront = await getPage(p.app, host, `/products/${shop.mug.handle}`);
    expect(storefront.text).toContain(img.url);

    expect((await post(`${editor}/images/${img.id}/delete`, {})).status).toBe(303);
    expect((await images()).map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect((await images()).map((r) => r.position)).toEqual(before.map((_, i) => i));
    expect((await media(p, host, img.url)).status).toBe(404);
    const actions = await withTenant(p.deps.db, shop.store.tenant.id, (trx) =>
      trx.selectFrom('audit_log').select('action').where('action', 'like', 'product.image%').execute(),
    );
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'product.image_added',
        'product.image_moved',
        'product.image_updated',
        'product.image_deleted',
      ]),
    );
  });

  it('refuses a non-image, an empty upload and an oversized image next to the field, keeping the alt text', async () => {
    const { upload, images } = await setup({ BODY_LIMIT_BYTES: String(8 * 1024 * 1024) });
    const before = await images();
    const fake = await upload(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
      'Kept alt',
    );
    expect(fake.status).toBe(400);
    const html = await fake.text();
    expect(html).toContain('Only PNG, JPEG, WebP or GIF images can be used');
    expect(html).toContain('value="Kept alt"');
    const none = await upload(null);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Choose an image file');
    const huge = Buffer.concat([makePng(1, 1, [0, 0, 0]), Buffer.alloc(5 * 1024 * 1024 + 1)]);
    const big = await upload(huge, 'Big');
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('larger than 5 MB');
    expect(await images()).toEqual(before);
  });

  it('answers 404 for another store’s product or image and 403 for staff, changing nothing', async () => {
    const { p, shop, host, upload, post, images } = await setup();
    const other = await seedShop(p.deps);
    const png = makePng(2, 2, [0, 0, 255]);
    expect((await upload(png, '', `/admin/products/${other.mug.id}/images`)).status).toBe(404);
    expect((await upload(png)).status).toBe(303);
    const mine = (await images()).at(-1)!;
    const otherImg = await withTenant(p.deps.db, other.store.tenant.id, (trx) =>
      trx.selectFrom('product_images').select('id').where('product_id', '=', other.mug.id).executeTakeFirst(),
    );
    if (otherImg)
      expect((await post(`/admin/products/${shop.mug.id}/images/${otherImg.id}/delete`, {})).status).toBe(
        404,
      );
    // An image of another product of this store is not this product's either.
    expect((await post(`/admin/products/${shop.shirt.id}/images/${mine.id}/delete`, {})).status).toBe(404);
    const staff = await addMember(p.deps, shop.store.tenant.id, 'staff');
    const s = await pageLogin(p.app, host, '/admin/login', staff.email, staff.password);
    expect((await upload(png, '', undefined, s.cookie)).status).toBe(403);
    const staffView = await getPage(p.app, host, `/admin/products/${shop.mug.id}`, s.cookie);
    expect(staffView.text).toContain(`src="${mine.url}"`);
    expect(staffView.text).not.toContain('Upload an image');
    expect((await images()).at(-1)!.id).toBe(mine.id);
  });
});

async function setupCookie(p: TestPlatform, shop: Awaited<ReturnType<typeof seedShop>>) {
  return pageLogin(p.app, shop.store.host, '/admin/login', shop.store.owner.email, shop.store.owner.password);
}

describe('image import by address', () => {
  it('fetches from a loopback server (private targets allowed in development), following a redirect', async () => {
    const { editor, post, images } = await setup();
    const png = makePng(4, 4, [10, 160, 60]);
    const server = await startImageServer(png);
    try {
      const before = (await images()).length;
      const res = await post(`${editor}/images/import`, { url: server.url('/moved'), alt: 'Green' });
      expect(res.status).toBe(303);
      expect(server.requests).toEqual(['/moved', '/img.png']);
      const rows = await images();
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({ alt: 'Green' });
      const html = await post(`${editor}/images/import`, { url: server.url('/page.html'), alt: 'x' });
      expect(html.status).toBe(400);
      expect(html.text).toContain('Only PNG, JPEG, WebP or GIF images can be used');
      const missing = await post(`${editor}/images/import`, { url: server.url('/nope.png') });
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('answered HTTP 404');
      const bad = await post(`${editor}/images/import`, { url: 'file:///etc/passwd' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Only http:// and https:// addresses');
      expect(bad.text).toContain('value="file:///etc/passwd"');
      expect(await images()).toHaveLength(before + 1);
    } finally {
      await server.close();
    }
  });
});
