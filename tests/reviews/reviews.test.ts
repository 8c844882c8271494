/**
 * Reviews through the store and admin APIs: posting (verified purchase,
 * moderation, block list, links held), bad input (nothing written), one per
 * shopper, helpful votes, summary and pages, moderation, reply, rate limit,
 * and the review.created webhook event.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { DEFAULT_CARE_SETTINGS, updateCareSettings } from '../../src/modules/care-settings/service.js';
import { createWebhookEndpoint } from '../../src/modules/webhooks/service.js';
import { paidOrder } from '../support/care.js';
import { createTestCustomer, createTestProduct, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

async function reviewCount(p: Awaited<ReturnType<typeof testPlatform>>, tenantId: string): Promise<number> {
  return withTenant(p.deps.db, tenantId, async (trx) => {
    const r = await trx
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('topic', '=', 'webhook.deliver')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}

describe('reviews', () => {
  it('publishes a verified review, shows it in the summary and on the page of reviews', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const o = await paidOrder(p, store, { quantity: 1 });
    const res = await request(p.app, 'POST', `/api/store/products/${o.productId}/reviews`, {
      host: store.host,
      token: o.customer.token,
      body: { rating: 4, title: '<b>Nice</b>', body: '<script>alert(1)</script> Fits well' },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('published');
    const list = await request(p.app, 'GET', `/api/store/products/${o.productId}/reviews`, {
      host: store.host,
    });
    expect(list.status).toBe(200);
    expect(list.body.summary).toMatchObject({ average: 4, count: 1, histogram: [0, 0, 0, 1, 0] });
    expect(list.body.items[0]).toMatchObject({
      verifiedPurchase: true,
      title: '<b>Nice</b>',
      body: '<script>alert(1)</script> Fits well',
    });
    // The product page shows the text as text.
    const handle = (await request(p.app, 'GET', `/api/store/products/${o.productId}`, { host: store.host }))
      .body.handle;
    const page = await p.app.request(`http://${store.host}/products/${handle}`);
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Fits well');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('"@type":"AggregateRating"');
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const o = await paidOrder(p, store, { quantity: 1 });
    const path = `/api/store/products/${o.productId}/reviews`;
    const opts = { host: store.host, token: o.customer.token };
    for (const body of [
      { rating: 0, body: 'x' },
      { rating: 6, body: 'x' },
      { rating: 3.5, body: 'x' },
      { rating: 3, body: '   ' },
      { rating: 3 },
      { rating: 3, body: 'x'.repeat(5001) },
      { rating: 3, body: 'ok', extra: 1 },
    ]) {
      const res = await request(p.app, 'POST', path, { ...opts, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(
      (await request(p.app, 'POST', path, { host: store.host, body: { rating: 3, body: 'x' } })).status,
    ).toBe(401);
    const count = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('outbox')
        .select('id')
        .where('tenant_id', '=', store.tenant.id)
        .where('topic', '=', 'webhook.deliver')
        .execute(),
    );
    expect(count).toHaveLength(0);
    const list = await request(p.app, 'GET', path, { host: store.host });
    expect(list.body.summary.count).toBe(0);
  });

  it('allows one review per shopper (409 already_reviewed) and requires a purchase when the store says so', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    await updateCareSettings(p.deps.db, store.tenant.id, {
      ...DEFAULT_CARE_SETTINGS,
      reviewRequiresPurchase: true,
    });
    const o = await paidOrder(p, store, { quantity: 1 });
    const path = `/api/store/products/${o.productId}/reviews`;
    const first = await request(p.app, 'POST', path, {
      host: store.host,
      token: o.customer.token,
      body: { rating: 5, body: 'Great' },
    });
    expect(first.status).toBe(201);
    const second = await request(p.app, 'POST', path, {
      host: store.host,
      token: o.customer.token,
      body: { rating: 1, body: 'Again' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('already_reviewed');
    const stranger = await createTestCustomer(p.deps, store.tenant.id);
    const notBought = await request(p.app, 'POST', path, {
      host: store.host,
      token: stranger.token,
      body: { rating: 1, body: 'Meh' },
    });
    expect(notBought.status).toBe(403);
    expect(notBought.body.error.code).toBe('not_purchased');
    const list = await request(p.app, 'GET', path, { host: store.host });
    expect(list.body.summary).toMatchObject({ count: 1, average: 5 });
  });

  it('holds reviews with links or blocked words, and all of them when the store holds; the merchant publishes and replies', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    await updateCareSettings(p.deps.db, store.tenant.id, {
      ...DEFAULT_CARE_SETTINGS,
      blockList: ['Rubbish'],
    });
    const product = await createTestProduct(p.deps, store.tenant.id);
    const path = `/api/store/products/${product.id}/reviews`;
    const post = async (body: string) => {
      const c = await createTestCustomer(p.deps, store.tenant.id);
      return request(p.app, 'POST', path, { host: store.host, token: c.token, body: { rating: 2, body } });
    };
    expect((await post('See https://spam.example for deals')).body.status).toBe('pending');
    expect((await post('utter rubbish!')).body.status).toBe('pending');
    const ok = await post('Fine product');
    expect(ok.body.status).toBe('published');
    expect(ok.body).toMatchObject({ status: 'published' });
    await updateCareSettings(p.deps.db, store.tenant.id, {
      ...DEFAULT_CARE_SETTINGS,
      reviewModeration: 'hold',
    });
    const held = await post('Lovely');
    expect(held.body.status).toBe('pending');

    const admin = { host: store.host, token: store.owner.token };
    const pending = await request(p.app, 'GET', '/api/admin/reviews?status=pending', admin);
    expect(pending.body.items).toHaveLength(3);
    expect(pending.body.items.map((r: { heldReason: string | null }) => r.heldReason)).toContain(
      'contains a link',
    );
    expect((await request(p.app, 'POST', `/api/admin/reviews/${held.body.id}/publish`, admin)).status).toBe(
      200,
    );
    const reply = await request(p.app, 'POST', `/api/admin/reviews/${held.body.id}/reply`, {
      ...admin,
      body: { body: 'Thanks!' },
    });
    expect(reply.status).toBe(200);
    expect(
      (
        await request(p.app, 'POST', `/api/admin/reviews/${held.body.id}/reply`, {
          ...admin,
          body: { body: ' ' },
        })
      ).status,
    ).toBe(400);
    const list = await request(p.app, 'GET', path, { host: store.host });
    expect(list.body.summary.count).toBe(2);
    expect(list.body.items.find((r: { id: string }) => r.id === held.body.id).reply.body).toBe('Thanks!');
  });

  it('counts one helpful vote per shopper and sorts by helpfulness', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const product = await createTestProduct(p.deps, store.tenant.id);
    const path = `/api/store/products/${product.id}/reviews`;
    const ids: string[] = [];
    for (const body of ['First', 'Second']) {
      const c = await createTestCustomer(p.deps, store.tenant.id);
      ids.push(
        (await request(p.app, 'POST', path, { host: store.host, token: c.token, body: { rating: 3, body } }))
          .body.id,
      );
    }
    const voter = await createTestCustomer(p.deps, store.tenant.id);
    const vote = () =>
      request(p.app, 'POST', `/api/store/reviews/${ids[0]}/helpful`, {
        host: store.host,
        token: voter.token,
      });
    expect((await vote()).body.counted).toBe(true);
    expect((await vote()).body.counted).toBe(false);
    const list = await request(p.app, 'GET', `${path}?sort=helpful`, { host: store.host });
    expect(list.body.items[0]).toMatchObject({ id: ids[0], helpful: 1 });
    // Another store's review is not found.
    const other = await createTestStore(p.deps);
    const foreign = await createTestCustomer(p.deps, other.tenant.id);
    const res = await request(p.app, 'POST', `/api/store/reviews/${ids[0]}/helpful`, {
      host: other.host,
      token: foreign.token,
    });
    expect(res.status).toBe(404);
  });

  it('announces review.created to subscribed webhooks, and rate-limits posting per shopper', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = { host: store.host, token: store.owner.token };
    await createWebhookEndpoint(p.deps.db, store.tenant.id, {
      url: 'https://hooks.example.test/in',
      events: ['review.created'],
    });
    expect(admin.host).toBe(store.host);
    const c = await createTestCustomer(p.deps, store.tenant.id);
    for (let i = 0; i < 5; i++) {
      const product = await createTestProduct(p.deps, store.tenant.id);
      const r = await request(p.app, 'POST', `/api/store/products/${product.id}/reviews`, {
        host: store.host,
        token: c.token,
        body: { rating: 5, body: `Review ${i}` },
      });
      expect(r.status).toBe(201);
    }
    expect(await reviewCount(p, store.tenant.id)).toBe(5);
    const product = await createTestProduct(p.deps, store.tenant.id);
    const limited = await request(p.app, 'POST', `/api/store/products/${product.id}/reviews`, {
      host: store.host,
      token: c.token,
      body: { rating: 5, body: 'One too many' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });
});
