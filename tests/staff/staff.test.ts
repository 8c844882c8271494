/** Staff and roles: list, invitations (email, single use, accept with new or existing account), role rules, audit. */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { auditRows, outboxEmails, tokenFromEmail } from '../auth/helpers.js';
import { addMember, createTestStore, createTestUser, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

async function role(p: Awaited<ReturnType<typeof testPlatform>>, tenantId: string, userId: string) {
  const row = await withTenant(p.deps.db, tenantId, (trx) =>
    trx.selectFrom('memberships').select('role').where('user_id', '=', userId).executeTakeFirst(),
  );
  return row?.role;
}

describe('staff list and invitations', () => {
  it('lists members; an admin invites staff by email; the invitee accepts with a new password', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = await addMember(p.deps, store.tenant.id, 'admin');
    const email = `${uniq('new')}@example.test`;
    const inv = await request(p.app, 'POST', '/api/admin/staff/invitations', {
      host: store.host,
      token: admin.token,
      body: { email, role: 'staff' },
    });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ email, role: 'staff' });
    const [mail] = await outboxEmails(p.deps, email);
    expect(mail!.tenantId).toBe(store.tenant.id);
    const token = tokenFromEmail(mail!.text);

    const list = await request(p.app, 'GET', '/api/admin/staff', {
      host: store.host,
      token: store.owner.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.members.map((m: { email: string }) => m.email)).toEqual([
      store.owner.email,
      admin.email,
    ]);
    expect(list.body.invitations).toHaveLength(1);

    const weak = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      body: { token, password: 'short' },
    });
    expect(weak.status).toBe(400);
    const ok = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      body: { token, password: 'a brand new long password', name: 'New Person' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.store).toEqual({ handle: store.tenant.handle, role: 'staff' });
    expect(await role(p, store.tenant.id, ok.body.merchant.id)).toBe('staff');
    // Single use.
    const again = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      body: { token, password: 'a brand new long password' },
    });
    expect(again.status).toBe(401);
    // The new member can log in and use the admin.
    const login = await request(p.app, 'POST', '/api/auth/login', {
      body: { email, password: 'a brand new long password' },
    });
    expect(login.body.stores).toEqual([
      { handle: store.tenant.handle, name: store.tenant.name, role: 'staff' },
    ]);
  });

  it('an existing account accepts with its own password (wrong password → 401)', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const existing = await createTestUser(p.deps);
    await request(p.app, 'POST', '/api/admin/staff/invitations', {
      host: store.host,
      token: store.owner.token,
      body: { email: existing.email, role: 'admin' },
    });
    const token = tokenFromEmail((await outboxEmails(p.deps, existing.email))[0]!.text);
    const wrong = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      body: { token, password: 'not my password at all' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const ok = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      body: { token, password: existing.password },
    });
    expect(ok.status).toBe(200);
    expect(await role(p, store.tenant.id, existing.id)).toBe('admin');
  });

  it('refuses forged tokens, owner invitations by an admin, duplicate members and bad input', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = await addMember(p.deps, store.tenant.id, 'admin');
    const forged = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      body: {
        token: `${store.tenant.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
        password: 'whatever long pw',
      },
    });
    expect(forged.status).toBe(401);
    const ownerByAdmin = await request(p.app, 'POST', '/api/admin/staff/invitations', {
      host: store.host,
      token: admin.token,
      body: { email: `${uniq('o')}@example.test`, role: 'owner' },
    });
    expect(ownerByAdmin.status).toBe(403);
    const dup = await request(p.app, 'POST', '/api/admin/staff/invitations', {
      host: store.host,
      token: store.owner.token,
      body: { email: admin.email, role: 'staff' },
    });
    expect(dup.status).toBe(409);
    const bad = await request(p.app, 'POST', '/api/admin/staff/invitations', {
      host: store.host,
      token: store.owner.token,
      body: { email: 'not-an-email', role: 'boss' },
    });
    expect(bad.status).toBe(400);
    const onStore = await request(p.app, 'POST', '/api/staff/invitations/accept', {
      host: store.host,
      body: { token: 'x'.repeat(30), password: 'whatever long pw' },
    });
    expect(onStore.status).toBe(404);
  });
});

describe('role changes', () => {
  it('owner promotes and demotes; changes are audit-logged', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const res = await request(p.app, 'PATCH', `/api/admin/staff/${staff.id}`, {
      host: store.host,
      token: store.owner.token,
      body: { role: 'admin' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: staff.id, role: 'admin' });
    const audit = await auditRows(p.deps, { action: 'staff.role_changed', targetId: staff.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ tenant_id: store.tenant.id, actor_id: store.owner.id });
    expect(audit[0]!.data).toEqual({ from: 'staff', to: 'admin' });
  });

  it('an admin cannot grant or change admin/owner roles (403) and nothing changes', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = await addMember(p.deps, store.tenant.id, 'admin');
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const promote = await request(p.app, 'PATCH', `/api/admin/staff/${staff.id}`, {
      host: store.host,
      token: admin.token,
      body: { role: 'admin' },
    });
    expect(promote.status).toBe(403);
    const demoteOwner = await request(p.app, 'PATCH', `/api/admin/staff/${store.owner.id}`, {
      host: store.host,
      token: admin.token,
      body: { role: 'staff' },
    });
    expect(demoteOwner.status).toBe(403);
    expect(await role(p, store.tenant.id, staff.id)).toBe('staff');
    expect(await role(p, store.tenant.id, store.owner.id)).toBe('owner');
    // An admin may remove staff.
    const del = await request(p.app, 'DELETE', `/api/admin/staff/${staff.id}`, {
      host: store.host,
      token: admin.token,
    });
    expect(del.status).toBe(204);
    expect(await role(p, store.tenant.id, staff.id)).toBeUndefined();
  });

  it('the last owner can be neither demoted nor removed (409); with two owners it can', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const demote = await request(p.app, 'PATCH', `/api/admin/staff/${store.owner.id}`, {
      host: store.host,
      token: store.owner.token,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('invalid_state');
    const remove = await request(p.app, 'DELETE', `/api/admin/staff/${store.owner.id}`, {
      host: store.host,
      token: store.owner.token,
    });
    expect(remove.status).toBe(409);
    const second = await addMember(p.deps, store.tenant.id, 'owner');
    const ok = await request(p.app, 'PATCH', `/api/admin/staff/${store.owner.id}`, {
      host: store.host,
      token: second.token,
      body: { role: 'admin' },
    });
    expect(ok.status).toBe(200);
  });

  it('unknown member → 404; malformed id → 400', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const other = await createTestUser(p.deps);
    const res = await request(p.app, 'PATCH', `/api/admin/staff/${other.id}`, {
      host: store.host,
      token: store.owner.token,
      body: { role: 'staff' },
    });
    expect(res.status).toBe(404);
    const bad = await request(p.app, 'PATCH', '/api/admin/staff/not-a-uuid', {
      host: store.host,
      token: store.owner.token,
      body: { role: 'staff' },
    });
    expect(bad.status).toBe(400);
  });
});
