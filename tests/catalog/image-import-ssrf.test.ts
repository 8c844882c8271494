/**
 * SSRF: an image address that is, or resolves to, a private/loopback/metadata
 * address is refused before any connection when private targets are off (as
 * in production). A resolver stub stands in for DNS; the only server is ours
 * on loopback, and the assertions count its connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../../src/lib/ssrf.js';
import { imageStoreFor } from '../../src/lib/storage/store-for.js';
import { importProductImageFromUrl } from '../../src/modules/catalog/image-import.js';
import { postForm } from '../auth/page-helpers.js';
import { seedShop } from '../storefront/fixture.js';
import { testPlatform } from '../support/platform.js';
import { type ImageServer, makePng, mugEditor, startImageServer } from './image-fixtures.js';

let server: ImageServer;
beforeAll(async () => {
  server = await startImageServer(makePng(2, 2, [1, 2, 3]));
});
afterAll(() => server.close());

const port = () => new URL(server.url('/')).port;
const stub =
  (address: string): Resolver =>
  async () => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('image import SSRF guard', () => {
  it('refuses names resolving to loopback, private or metadata addresses before connecting', async () => {
    const p = await testPlatform({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    const shop = await seedShop(p.deps);
    const deps = { db: p.deps.db, images: imageStoreFor(p.deps.config) };
    const before = server.connections();
    for (const address of ['127.0.0.1', '10.0.0.8', '169.254.169.254', '::1', 'fd00::1']) {
      const err = await importProductImageFromUrl(
        deps,
        shop.store.tenant.id,
        shop.mug.id,
        { url: `http://images.example.test:${port()}/img.png` },
        { type: 'system' },
        { allowPrivate: false, resolve: stub(address) },
      ).catch((e: unknown) => e);
      expect((err as { issues?: { message: string }[] }).issues?.[0]?.message, address).toContain(
        'private network',
      );
    }
    expect(server.connections()).toBe(before);
  });

  it('answers the admin form with a message next to the address when it points to loopback', async () => {
    const { p, host, cookie, editor, csrf } = await mugEditor({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
    const before = server.connections();
    for (const url of [
      server.url('/img.png'),
      `http://localhost:${port()}/img.png`,
      `http://[::1]:${port()}/img.png`,
    ]) {
      const res = await postForm(p.app, host, `${editor}/images/import`, { _csrf: csrf, url }, { cookie });
      expect(res.status, url).toBe(400);
      expect(res.text).toContain('This address points to a private network');
    }
    expect(server.connections()).toBe(before);
  });
});
