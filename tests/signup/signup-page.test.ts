/** The signup page: works as a plain form POST (no JS), re-renders errors, redirects to the new store's admin. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { APEX_HOST, testPlatform } from '../support/platform.js';
import { signupBody } from './helpers.js';

async function postForm(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const { app } = await testPlatform();
  return app.request(`http://${APEX_HOST}/signup`, {
    method: 'POST',
    headers: {
      host: APEX_HOST,
      origin: `http://${APEX_HOST}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('signup page', () => {
  it('renders the form with every template and its previews', async () => {
    const { app } = await testPlatform();
    const res = await app.request(`http://${APEX_HOST}/signup?template=grocery`, {
      headers: { host: APEX_HOST },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const t of ['apparel', 'electronics', 'grocery', 'blank']) expect(html).toContain(`value="${t}"`);
    expect(html).toMatch(/id="tpl-grocery"[^>]*checked/);
    expect(html).toContain('/template-assets/apparel/images/');
    expect(html).toContain('<label for="handle">Store address</label>');
    expect(html).toContain('/api/signup/handle-availability');
  });

  it('creates the store from a plain form post and redirects to its admin', async () => {
    const { deps } = await testPlatform();
    const body = signupBody({ template: 'apparel' });
    const res = await postForm(body as Record<string, string>);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^http://${body.handle}\\.localhost:3000/admin/handoff\\?token=`));
    // The store host exchanges the handoff for its own signed-in session.
    const { app } = await testPlatform();
    const url = new URL(location);
    const landed = await app.request(url.toString(), { headers: { host: url.host } });
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/admin');
    expect(landed.headers.get('set-cookie')).toContain('sl_session=');
    const tenant = await withPlatformAccess(deps.db, (trx) =>
      trx.selectFrom('tenants').select('name').where('handle', '=', body.handle).executeTakeFirst(),
    );
    expect(tenant?.name).toBe(body.storeName);
  });

  it('re-renders the form with field errors and keeps the values (never the password)', async () => {
    const body = signupBody({ handle: 'admin', password: 'password123' });
    const res = await postForm(body as Record<string, string>);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('This address is reserved');
    expect(html).toContain('too common');
    expect(html).toContain(`value="${body.email}"`);
    expect(html).not.toContain('password123');
  });

  it('answers 409 on the form for a taken handle', async () => {
    const first = signupBody();
    expect((await postForm(first as Record<string, string>)).status).toBe(303);
    const res = await postForm(signupBody({ handle: first.handle }) as Record<string, string>);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('already taken');
  });

  it('refuses a cross-site form post', async () => {
    const body = signupBody();
    const res = await postForm(body as Record<string, string>, { origin: 'http://evil.test' });
    expect(res.status).toBe(403);
    const { deps } = await testPlatform();
    const tenant = await withPlatformAccess(deps.db, (trx) =>
      trx.selectFrom('tenants').select('id').where('handle', '=', body.handle).executeTakeFirst(),
    );
    expect(tenant).toBeUndefined();
  });
});
