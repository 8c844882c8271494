/**
 * Apex staff-invitation pages: /staff/accept (?token=… → accept form; on
 * success starts the apex session and shows the user's stores). Routes are
 * wired in login.tsx.
 */
import { startUserPageSession } from '../../http/session.js';
import { clientIp } from '../../lib/http/client-ip.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { MIN_PASSWORD_LENGTH } from '../../modules/auth/password-policy.js';
import { acceptInvitation } from '../../modules/staff/invitations.js';
import { type Ctx, formError, Notice, str } from './form-helpers.js';
import { PlatformLayout } from './layout.js';
import { signedInView } from './signed-in-view.js';

function AcceptForm(props: { c: Ctx; token: string }) {
  return (
    <form method="post" action="/staff/accept">
      {csrfInput(props.c)}
      <input type="hidden" name="token" value={props.token} />
      <div class="field">
        <label for="name">Your name (new accounts)</label>
        <input id="name" name="name" autocomplete="name" />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" required aria-describedby="accept-hint" />
        <span class="hint" id="accept-hint">
          Already have a Storeloom account with this email? Enter its password. Otherwise choose one (at least{' '}
          {MIN_PASSWORD_LENGTH} characters).
        </span>
      </div>
      <button class="btn" type="submit">
        Accept the invitation
      </button>
    </form>
  );
}

export async function acceptPage(c: Ctx) {
  const token = str(c.req.query('token'), 200);
  return c.html(
    <PlatformLayout title="Join a store">
      <h1>Join a store</h1>
      <AcceptForm c={c} token={token} />
    </PlatformLayout>,
  );
}

export async function acceptSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const token = str(form.token, 200);
  const name = str(form.name, 200).trim();
  let joined: Awaited<ReturnType<typeof acceptInvitation>>;
  try {
    joined = await acceptInvitation(
      c.get('deps'),
      { token, password: str(form.password), name: name || undefined },
      clientIp(c),
    );
  } catch (err) {
    const e = formError(c, err);
    return c.html(
      <PlatformLayout title="Join a store">
        <h1>Join a store</h1>
        <Notice error={e.message} />
        <AcceptForm c={c} token={token} />
      </PlatformLayout>,
      e.status,
    );
  }
  await startUserPageSession(c, joined.userId);
  return signedInView(c, joined.userId, `You joined ${joined.handle} as ${joined.role}.`);
}
