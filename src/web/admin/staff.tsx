/**
 * Admin › Staff (store host): members and pending invitations; admins invite
 * by email and change or remove members (owner rules enforced by the staff
 * service: owner/admin changes need the owner, the last owner stays).
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { ROLE_RANK } from '../../lib/auth/principal.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { z } from '../../lib/http/openapi.js';
import { inviteStaff } from '../../modules/staff/invitations.js';
import {
  type Actor,
  changeStaffRole,
  listStaff,
  removeStaff,
  type StaffMember,
} from '../../modules/staff/service.js';
import { Badge, Card, ConfirmDialog, Field, Select } from '../components/ui.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;
const ROLES: MembershipRole[] = ['staff', 'admin', 'owner'];
const ZRole = z.enum(['owner', 'admin', 'staff']);

function actor(c: Ctx) {
  const p = c.get('principal');
  const role = c.get('role');
  if (p?.kind !== 'user' || !role) throw new AppError('unauthenticated', 'Sign in');
  return { userId: p.userId, role, ip: clientIp(c) };
}

const NOTICES: Record<string, string> = {
  invited: 'Invitation sent.',
  changed: 'Role changed.',
  removed: 'Member removed.',
};

/** "Owner", "Admin", "Staff". */
const roleName = (r: MembershipRole) => r.charAt(0).toUpperCase() + r.slice(1);

/** The members table; admins get role and remove controls (never "remove" on themselves). */
function MembersTable(props: { members: StaffMember[]; me: Actor; canManage: boolean; csrf: Child }) {
  const { members, me, canManage } = props;
  return (
    <table class="table">
      <caption class="visually-hidden">Members of this store</caption>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          {canManage ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr>
            <td class="heading">{m.email}</td>
            <td data-label="Name">{m.name ?? '—'}</td>
            <td data-label="Role">
              <Badge tone={m.role === 'owner' ? 'info' : m.role === 'admin' ? 'ok' : 'neutral'}>
                {roleName(m.role)}
              </Badge>
            </td>
            {canManage && !(me.role !== 'owner' && m.role !== 'staff') ? (
              <td class="actions">
                <form method="post" action={`/admin/staff/${m.userId}/role`} class="inline-form">
                  {props.csrf}
                  <label class="visually-hidden" for={`role-${m.userId}`}>
                    Role of {m.email}
                  </label>
                  <select id={`role-${m.userId}`} name="role">
                    {ROLES.map((r) => (
                      <option value={r} selected={r === m.role}>
                        {roleName(r)}
                      </option>
                    ))}
                  </select>
                  <button class="btn btn-secondary" type="submit">
                    Change
                  </button>
                </form>{' '}
                {m.userId === me.userId ? null : (
                  <ConfirmDialog
                    action={`/admin/staff/${m.userId}/remove`}
                    csrf={props.csrf}
                    size="sm"
                    label={<span aria-label={`Remove ${m.email}`}>Remove</span>}
                    confirmLabel="Remove"
                    message={`Remove ${m.email} from this store? They lose access at once.`}
                  />
                )}
              </td>
            ) : canManage ? (
              <td class="muted actions">Only the owner can change this member</td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Admins invite staff; owners may also invite admins and owners. */
function InviteForm(props: {
  grantable: MembershipRole[];
  csrf: Child;
  typed?: { email?: string; role?: string };
  emailError?: string;
}) {
  return (
    <form method="post" action="/admin/staff/invite" class="card" style="max-width:32rem" novalidate>
      <h2 style="margin-top:0">Invite someone</h2>
      {props.csrf}
      <Field
        id="invite-email"
        name="email"
        type="email"
        label="Email"
        required
        value={props.typed?.email}
        error={props.emailError}
      />
      <Select
        id="invite-role"
        name="role"
        label="Role"
        value={props.typed?.role}
        options={props.grantable.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
      <button class="btn" type="submit">
        Send invitation
      </button>
    </form>
  );
}

const ROLE_LABELS: Record<MembershipRole, string> = {
  staff: 'Staff — orders, products and stock',
  admin: 'Admin — also settings, refunds and staff',
  owner: 'Owner — everything, including billing',
};

async function staffPage(
  c: Ctx,
  opts: {
    error?: string;
    status?: 400 | 403 | 404 | 409;
    typed?: { email?: string; role?: string };
    emailError?: string;
  } = {},
) {
  const me = actor(c);
  const { members, invitations } = await listStaff(c.get('deps'), storeOf(c).id);
  const canManage = ROLE_RANK[me.role] >= ROLE_RANK.admin;
  const grantable = ROLES.filter((r) => r === 'staff' || me.role === 'owner');
  return adminPage(
    c,
    {
      title: 'Staff',
      current: 'staff',
      notice: NOTICES[c.req.query('done') ?? ''],
      error: opts.error,
      status: opts.status,
    },
    <>
      <div class="table-wrap stack" tabindex={0} role="region" aria-label="Members">
        <MembersTable members={members} me={me} canManage={canManage} csrf={csrfInput(c)} />
      </div>
      <Card title="Pending invitations">
        {invitations.length ? (
          <ul>
            {invitations.map((i) => (
              <li>
                {i.email} — {i.role} <span class="muted">(expires {i.expiresAt.slice(0, 10)})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No invitations waiting.</p>
        )}
      </Card>
      {canManage ? (
        <InviteForm
          grantable={grantable}
          csrf={csrfInput(c)}
          typed={opts.typed}
          emailError={opts.emailError}
        />
      ) : null}
    </>,
  );
}

/** Runs a staff action; expected refusals re-render the page with the message. */
async function act(c: Ctx, done: string, fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (err) {
    if (
      err instanceof AppError &&
      [
        'validation_failed',
        'forbidden',
        'not_found',
        'conflict',
        'invalid_state',
        'plan_limit_reached',
      ].includes(err.code)
    ) {
      const status =
        err.status === 400 || err.status === 403 || err.status === 404 || err.status === 409
          ? err.status
          : 400;
      return staffPage(c, { error: err.message, status });
    }
    throw err;
  }
  return c.redirect(`/admin/staff?done=${done}`, 303);
}

async function inviteSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const input = z
    .object({ email: z.email().max(320), role: ZRole })
    .safeParse({ email: form.email, role: form.role });
  if (!input.success) {
    const typed = { email: String(form.email ?? '').slice(0, 320), role: String(form.role ?? '') };
    return staffPage(c, {
      error: 'Please fix the field marked below.',
      status: 400,
      typed,
      emailError: 'Enter an e-mail address like name@example.com',
    });
  }
  return act(c, 'invited', () => inviteStaff(c.get('deps'), storeOf(c), actor(c), input.data));
}

async function roleSubmit(c: Ctx) {
  const userId = z.uuid().safeParse(c.req.param('userId'));
  const role = ZRole.safeParse((await c.req.parseBody()).role);
  if (!userId.success || !role.success) return staffPage(c, { error: 'Choose a valid role.', status: 400 });
  return act(c, 'changed', () =>
    changeStaffRole(c.get('deps'), storeOf(c).id, actor(c), userId.data, role.data),
  );
}

async function removeSubmit(c: Ctx) {
  const userId = z.uuid().safeParse(c.req.param('userId'));
  if (!userId.success) throw new AppError('not_found', 'Not found');
  return act(c, 'removed', () => removeStaff(c.get('deps'), storeOf(c).id, actor(c), userId.data));
}

export const adminStaffPages = new Hono<AppEnv>();
adminStaffPages.get('/admin/staff', ...adminGuard('staff'), (c) => staffPage(c));
adminStaffPages.post('/admin/staff/invite', ...adminGuard('admin'), inviteSubmit);
adminStaffPages.post('/admin/staff/:userId/role', ...adminGuard('admin'), roleSubmit);
adminStaffPages.post('/admin/staff/:userId/remove', ...adminGuard('admin'), removeSubmit);
