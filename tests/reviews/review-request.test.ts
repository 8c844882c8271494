/**
 * The review request: a fulfilled order gets one e-mail in the outbox, due
 * `reviewRequestDays` later, with a signed link whose page lists the order's
 * products; a repeat writes nothing; 0 days turns it off.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { DEFAULT_CARE_SETTINGS, updateCareSettings } from '../../src/modules/care-settings/service.js';
import { scheduleReviewRequest } from '../../src/modules/reviews/requests.js';
import { paidOrder } from '../support/care.js';
import { createTestStore } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

describe('review request e-mail', () => {
  it('is scheduled once, N days after fulfilment, with a signed link to the products', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    await updateCareSettings(p.deps.db, store.tenant.id, { ...DEFAULT_CARE_SETTINGS, reviewRequestDays: 5 });
    const o = await paidOrder(p, store, { quantity: 1 });
    const before = Date.now();
    expect(await scheduleReviewRequest(p.deps, store.tenant.id, o.orderId)).toBe(true);
    await scheduleReviewRequest(p.deps, store.tenant.id, o.orderId);
    const rows = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['payload', 'available_at'])
        .where('tenant_id', '=', store.tenant.id)
        .where('dedupe_key', '=', `review-request:${o.orderId}`)
        .execute(),
    );
    expect(rows).toHaveLength(1);
    const due = new Date(rows[0]!.available_at).getTime() - before;
    expect(due).toBeGreaterThan(4.9 * 86_400_000);
    expect(due).toBeLessThan(5.1 * 86_400_000);
    const text = (rows[0]!.payload as { text: string }).text;
    const link = /(http\S+token=\S+)/.exec(text)![1]!;
    const page = await p.app.request(link.replace(/^https?:\/\/[^/]+/, `http://${store.host}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('#write-review');
    const forged = await p.app.request(`http://${store.host}/reviews/request?token=nope`);
    expect(forged.status).toBe(404);

    await updateCareSettings(p.deps.db, store.tenant.id, { ...DEFAULT_CARE_SETTINGS, reviewRequestDays: 0 });
    const other = await paidOrder(p, store, { quantity: 1 });
    expect(await scheduleReviewRequest(p.deps, store.tenant.id, other.orderId)).toBe(false);
  });
});
