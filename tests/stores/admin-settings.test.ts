/** Admin API for store settings and content pages: changes show on the storefront at once; bad input changes nothing. */
import { describe, expect, it } from 'vitest';
import { signupBody } from '../signup/helpers.js';
import { addMember } from '../support/factories.js';
import { request, storeHost, testPlatform } from '../support/platform.js';

async function newStore(template = 'electronics') {
  const { app } = await testPlatform();
  const body = signupBody({ template });
  const res = await request(app, 'POST', '/api/signup', { body });
  expect(res.status).toBe(201);
  return {
    host: storeHost(body.handle),
    token: res.body.accessToken as string,
    id: res.body.store.id as string,
  };
}

describe('admin store settings', () => {
  it('reads the provisioned settings and applies a partial update to the storefront at once', async () => {
    const { app } = await testPlatform();
    const s = await newStore();
    const got = await request(app, 'GET', '/api/admin/store/settings', { host: s.host, token: s.token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      template: 'electronics',
      currency: 'USD',
      theme: { colors: { primary: '#0b63ce' } },
    });
    expect(got.body.navigation.length).toBeGreaterThan(0);

    const patched = await request(app, 'PATCH', '/api/admin/store/settings', {
      host: s.host,
      token: s.token,
      body: {
        name: 'Volt & Co',
        theme: { colors: { primary: '#aa0000' } },
        navigation: [{ label: 'Deals', href: '/search?q=deal' }],
        home: { heroTitle: 'Spring sale' },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.theme.colors).toMatchObject({ primary: '#aa0000', accent: '#00a884' });
    const home = await request(app, 'GET', '/', { host: s.host });
    expect(home.text).toContain('Volt &amp; Co');
    expect(home.text).toContain('--c-primary:#aa0000');
    expect(home.text).toContain('Spring sale');
    expect(home.text).toContain('href="/search?q=deal"');
  });

  it('refuses bad theme values and javascript: links with 400, changing nothing', async () => {
    const { app } = await testPlatform();
    const s = await newStore();
    for (const body of [
      { theme: { colors: { primary: 'red' } } },
      { navigation: [{ label: 'x', href: 'javascript:alert(1)' }] },
      { timezone: 'Mars/Olympus' },
      { unknown: 1 },
    ]) {
      const res = await request(app, 'PATCH', '/api/admin/store/settings', {
        host: s.host,
        token: s.token,
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const got = await request(app, 'GET', '/api/admin/store/settings', { host: s.host, token: s.token });
    expect(got.body.theme.colors.primary).toBe('#0b63ce');
  });

  it('lets staff read but not change settings', async () => {
    const { app, deps } = await testPlatform();
    const s = await newStore('blank');
    const staff = await addMember(deps, s.id, 'staff');
    expect(
      (await request(app, 'GET', '/api/admin/store/settings', { host: s.host, token: staff.token })).status,
    ).toBe(200);
    const res = await request(app, 'PATCH', '/api/admin/store/settings', {
      host: s.host,
      token: staff.token,
      body: { tagline: 'nope' },
    });
    expect(res.status).toBe(403);
  });
});

describe('admin content pages', () => {
  it('creates, edits, unpublishes and deletes a page, as the storefront shows', async () => {
    const { app } = await testPlatform();
    const s = await newStore('blank');
    const list = await request(app, 'GET', '/api/admin/store/pages', { host: s.host, token: s.token });
    expect(list.body.items.map((p: { slug: string }) => p.slug)).toEqual(['about', 'shipping', 'returns']);

    const created = await request(app, 'POST', '/api/admin/store/pages', {
      host: s.host,
      token: s.token,
      body: { slug: 'FAQ', title: 'Questions', body: '## Do you ship abroad?\n\nYes.' },
    });
    expect(created.status).toBe(201);
    expect(created.body.slug).toBe('faq');
    const page = await request(app, 'GET', '/pages/faq', { host: s.host });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2>Do you ship abroad?</h2>');

    const dup = await request(app, 'POST', '/api/admin/store/pages', {
      host: s.host,
      token: s.token,
      body: { slug: 'faq', title: 'Again' },
    });
    expect(dup.status).toBe(409);

    const hidden = await request(app, 'PATCH', `/api/admin/store/pages/${created.body.id}`, {
      host: s.host,
      token: s.token,
      body: { published: false },
    });
    expect(hidden.status).toBe(200);
    expect((await request(app, 'GET', '/pages/faq', { host: s.host })).status).toBe(404);

    const renameClash = await request(app, 'PATCH', `/api/admin/store/pages/${created.body.id}`, {
      host: s.host,
      token: s.token,
      body: { slug: 'about' },
    });
    expect(renameClash.status).toBe(409);

    const del = await request(app, 'DELETE', `/api/admin/store/pages/${created.body.id}`, {
      host: s.host,
      token: s.token,
    });
    expect(del.status).toBe(200);
    const again = await request(app, 'GET', `/api/admin/store/pages/${created.body.id}`, {
      host: s.host,
      token: s.token,
    });
    expect(again.status).toBe(404);
    expect(
      (await request(app, 'GET', '/api/admin/store/pages/not-a-uuid', { host: s.host, token: s.token }))
        .status,
    ).toBe(404);
  });
});
