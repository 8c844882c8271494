/**
 * The order confirmation e-mail's "You might also like" block, through the real checkout API, outbox row
 * and e-mail processor into the dev mailbox: the products bought with the order's products, with prices
 * and links to the store, never a product of the order or an inactive one; only in the shopper's mail;
 * no block when the store has nothing to suggest.
 */
import type { Job } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { listDevMail } from '../../src/modules/mail/service.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { createEmailProcessor } from '../../workers/processors/email.js';
import { checkoutBody, checkoutReq, createCart } from '../checkout/support.js';
import { createTestProduct, createTestStore, type TestStore, uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;

async function checkout(store: TestStore, product: ProductDetail, email: string) {
  const cartId = await createCart(p, store, [{ variantId: product.variants[0]!.id, quantity: 1 }]);
  expect((await checkoutReq(p, store, cartId, { body: checkoutBody({ email }) })).status).toBe(201);
}

/** Delivers the store's queued e-mails to `to` through the e-mail processor, as the relay would. */
async function mailsTo(store: TestStore, to: string) {
  const rows = await withPlatformAccess(p.deps.db, (trx) =>
    trx
      .selectFrom('outbox')
      .select(['tenant_id', 'id', 'topic', 'payload'])
      .where('tenant_id', '=', store.tenant.id)
      .where('topic', '=', 'email.send')
      .execute(),
  );
  const deliver = createEmailProcessor(p.deps);
  for (const row of rows) {
    const data = { outboxId: row.id, tenantId: row.tenant_id, topic: row.topic, payload: row.payload };
    await deliver({ data } as unknown as Job);
  }
  return listDevMail(p.deps.db, { to });
}

beforeAll(async () => {
  p = await testPlatform();
}, 60_000);

describe('order confirmation e-mail', () => {
  it('suggests what is bought with the order, with prices and links to the store', async () => {
    const store = await createTestStore(p.deps);
    const make = (title: string, extra: Record<string, unknown> = {}) =>
      createTestProduct(p.deps, store.tenant.id, { title, ...extra });
    const coat = await make('Wool winter coat');
    const scarf = await make('Wool scarf');
    const gloves = await make('Wool gloves');
    const hat = await make('Wool hat', { status: 'archived' });
    const orders = (products: ProductDetail[], n: number) =>
      Promise.all(Array.from({ length: n }, () => insertOrder(p.deps, store.tenant.id, products)));
    await orders([coat, scarf], 4);
    await orders([coat, gloves], 2);
    await orders([coat, hat], 6);
    await rebuildStore(p.deps.db, store.tenant.id, p.deps.now());

    const email = `${uniq('shopper')}@example.test`;
    await checkout(store, coat, email);
    const mails = await mailsTo(store, email);
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text;
    const link = (h: string) => `http://${store.tenant.handle}.localhost:3000/products/${h}`;
    expect(text).toContain(
      `You might also like:\n- Wool scarf — $19.99\n  ${link(scarf.handle)}\n- Wool gloves — $19.99\n  ${link(gloves.handle)}`,
    );
    const block = text.slice(text.indexOf('You might also like:'));
    expect(block).not.toContain(coat.handle);
    expect(block).not.toContain('Wool hat');
    // The owners' notice has no suggestions.
    const owner = await mailsTo(store, store.owner.email);
    expect(owner.at(-1)!.text).not.toContain('You might also like');
  });

  it('has no block when the store has nothing to suggest', async () => {
    const store = await createTestStore(p.deps);
    const only = await createTestProduct(p.deps, store.tenant.id, { title: 'Lonely lamp' });
    const email = `${uniq('shopper')}@example.test`;
    await checkout(store, only, email);
    const [mail] = await mailsTo(store, email);
    expect(mail!.text).toContain('Thank you for your order');
    expect(mail!.text).not.toContain('You might also like');
  });
});
