/** Admin › Staff page: list, invite, role change with owner rules, CSRF. */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { outboxEmails } from '../auth/helpers.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { addMember, createTestStore, uniq } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

describe('admin staff page', () => {
  it('owner invites and changes roles; an admin is refused owner-only changes; staff sees no forms', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const admin = await addMember(p.deps, store.tenant.id, 'admin');
    const owner = await pageLogin(p.app, store.host, '/admin/login', store.owner.email, store.owner.password);
    const page = await getPage(p.app, store.host, '/admin/staff', owner.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(staff.email);
    const token = csrfFrom(page.text);
    const email = `${uniq('inv')}@example.test`;
    const inv = await postForm(
      p.app,
      store.host,
      '/admin/staff/invite',
      { _csrf: token, email, role: 'admin' },
      { cookie: owner.cookie },
    );
    expect(inv.status).toBe(303);
    expect(await outboxEmails(p.deps, email)).toHaveLength(1);
    const noCsrf = await postForm(
      p.app,
      store.host,
      `/admin/staff/${staff.id}/role`,
      { role: 'admin' },
      { cookie: owner.cookie },
    );
    expect(noCsrf.status).toBe(403);
    const promote = await postForm(
      p.app,
      store.host,
      `/admin/staff/${staff.id}/role`,
      { _csrf: token, role: 'admin' },
      { cookie: owner.cookie },
    );
    expect(promote.status).toBe(303);
    const role = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('memberships').select('role').where('user_id', '=', staff.id).executeTakeFirstOrThrow(),
    );
    expect(role.role).toBe('admin');

    const adminSession = await pageLogin(p.app, store.host, '/admin/login', admin.email, admin.password);
    const adminToken = csrfFrom((await getPage(p.app, store.host, '/admin/staff', adminSession.cookie)).text);
    const refused = await postForm(
      p.app,
      store.host,
      `/admin/staff/${store.owner.id}/role`,
      { _csrf: adminToken, role: 'staff' },
      { cookie: adminSession.cookie },
    );
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Only an owner');

    const other = await addMember(p.deps, store.tenant.id, 'staff');
    const staffSession = await pageLogin(p.app, store.host, '/admin/login', other.email, other.password);
    const staffView = await getPage(p.app, store.host, '/admin/staff', staffSession.cookie);
    expect(staffView.status).toBe(200);
    expect(staffView.text).not.toContain('Send invitation');
    const staffToken = csrfFrom(staffView.text);
    const tooLow = await postForm(
      p.app,
      store.host,
      '/admin/staff/invite',
      { _csrf: staffToken, email, role: 'staff' },
      { cookie: staffSession.cookie },
    );
    expect(tooLow.status).toBe(403);
  });
});
