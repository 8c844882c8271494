/**
 * Apex password and email pages: /forgot-password (ask for a reset link),
 * /reset-password (?token=… → new password form, single-use link) and
 * /verify-email (?token=… → confirm button, POST so link scanners do not
 * consume it). Routes are wired in login.tsx.
 */
import { csrfInput } from '../../lib/http/csrf.js';
import {
  confirmUserPasswordReset,
  confirmUserVerification,
  requestUserPasswordReset,
} from '../../modules/auth/email-flows.js';
import { MIN_PASSWORD_LENGTH } from '../../modules/auth/password-policy.js';
import { type Ctx, formError, Notice, str } from './form-helpers.js';
import { PlatformLayout } from './layout.js';

function ForgotForm(props: { c: Ctx; email?: string }) {
  return (
    <form method="post" action="/forgot-password">
      {csrfInput(props.c)}
      <div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value={props.email ?? ''} />
      </div>
      <button class="btn" type="submit">
        Send a reset link
      </button>
    </form>
  );
}

export async function forgotPage(c: Ctx) {
  return c.html(
    <PlatformLayout title="Reset your password">
      <h1>Reset your password</h1>
      <p>We will email you a link to choose a new password.</p>
      <ForgotForm c={c} />
    </PlatformLayout>,
  );
}

export async function forgotSubmit(c: Ctx) {
  const email = str((await c.req.parseBody()).email, 320).trim();
  let error: { message: string; status: 400 | 401 | 403 | 429 } | undefined;
  if (email) {
    try {
      await requestUserPasswordReset(c.get('deps'), email);
    } catch (err) {
      error = formError(c, err);
    }
  } else error = { message: 'Enter your email.', status: 400 };
  return c.html(
    <PlatformLayout title="Reset your password">
      <h1>Reset your password</h1>
      {error ? (
        <>
          <Notice error={error.message} />
          <ForgotForm c={c} email={email} />
        </>
      ) : (
        <Notice notice="If an account exists for that address, a reset link is on its way. It works once, for one hour." />
      )}
    </PlatformLayout>,
    error?.status ?? 200,
  );
}

function ResetForm(props: { c: Ctx; token: string }) {
  return (
    <form method="post" action="/reset-password">
      {csrfInput(props.c)}
      <input type="hidden" name="token" value={props.token} />
      <div class="field">
        <label for="password">New password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={MIN_PASSWORD_LENGTH}
          required
          aria-describedby="pw-hint"
        />
        <span class="hint" id="pw-hint">
          At least {MIN_PASSWORD_LENGTH} characters; common passwords are refused.
        </span>
      </div>
      <button class="btn" type="submit">
        Set the new password
      </button>
    </form>
  );
}

export async function resetPage(c: Ctx) {
  const token = str(c.req.query('token'), 200);
  return c.html(
    <PlatformLayout title="Choose a new password">
      <h1>Choose a new password</h1>
      {token ? (
        <ResetForm c={c} token={token} />
      ) : (
        <Notice error="This link is incomplete. Ask for a new one." />
      )}
    </PlatformLayout>,
    token ? 200 : 400,
  );
}

export async function resetSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const token = str(form.token, 200);
  try {
    await confirmUserPasswordReset(c.get('deps'), token, str(form.password));
  } catch (err) {
    const e = formError(c, err);
    return c.html(
      <PlatformLayout title="Choose a new password">
        <h1>Choose a new password</h1>
        <Notice error={e.message} />
        {e.status === 400 ? (
          <ResetForm c={c} token={token} />
        ) : (
          <p>
            <a href="/forgot-password">Ask for a new link</a>
          </p>
        )}
      </PlatformLayout>,
      e.status,
    );
  }
  return c.html(
    <PlatformLayout title="Password changed">
      <h1>Password changed</h1>
      <Notice notice="Your password is changed and every other session was signed out." />
      <p>
        <a class="btn" href="/login">
          Log in
        </a>
      </p>
    </PlatformLayout>,
  );
}

export async function verifyPage(c: Ctx) {
  const token = str(c.req.query('token'), 200);
  return c.html(
    <PlatformLayout title="Confirm your email">
      <h1>Confirm your email</h1>
      <form method="post" action="/verify-email">
        {csrfInput(c)}
        <input type="hidden" name="token" value={token} />
        <button class="btn" type="submit">
          Confirm my email address
        </button>
      </form>
    </PlatformLayout>,
  );
}

export async function verifySubmit(c: Ctx) {
  const token = str((await c.req.parseBody()).token, 200);
  try {
    await confirmUserVerification(c.get('deps'), token);
  } catch (err) {
    const e = formError(c, err);
    return c.html(
      <PlatformLayout title="Confirm your email">
        <h1>Confirm your email</h1>
        <Notice error={e.message} />
      </PlatformLayout>,
      e.status,
    );
  }
  return c.html(
    <PlatformLayout title="Email confirmed">
      <h1>Email confirmed</h1>
      <Notice notice="Thank you — your email address is confirmed." />
      <p>
        <a href="/login">Go to your stores</a>
      </p>
    </PlatformLayout>,
  );
}
