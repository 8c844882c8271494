/**
 * The signed-in apex view: the user's stores (each opens its admin via a
 * handoff form) and the log-out button. Shown by /login and after accepting
 * a staff invitation.
 */
import { storeUrl } from '../../lib/config.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { getUserAccount, listUserStores } from '../../modules/auth/service.js';
import { type Ctx, Notice } from './form-helpers.js';
import { PlatformLayout } from './layout.js';

export async function signedInView(c: Ctx, userId: string, notice?: string) {
  const deps = c.get('deps');
  const [user, stores] = await Promise.all([getUserAccount(deps, userId), listUserStores(deps, userId)]);
  return c.html(
    <PlatformLayout title="Your stores" current="login">
      <h1>Your stores</h1>
      <Notice notice={notice} />
      <p>
        Signed in as <strong>{user?.email}</strong>.
        {user?.isPlatformAdmin ? (
          <>
            {' '}
            <a href="/console">Open the console</a>.
          </>
        ) : null}
      </p>
      {stores.length ? (
        <ul>
          {stores.map((s) => (
            <li>
              <form method="post" action="/stores/open" style="display:inline">
                {csrfInput(c)}
                <input type="hidden" name="handle" value={s.handle} />
                <button class="btn btn-secondary" type="submit">
                  {s.name}
                </button>
              </form>{' '}
              <span class="muted">
                ({s.role}
                {s.status === 'suspended' ? ', suspended' : ''}) · {storeUrl(deps.config, s.handle)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">
          You are not a member of any store yet. <a href="/signup">Open one</a>.
        </p>
      )}
      <form method="post" action="/logout">
        {csrfInput(c)}
        <button class="btn btn-secondary" type="submit">
          Log out
        </button>
      </form>
    </PlatformLayout>,
  );
}
