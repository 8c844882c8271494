/**
 * The profile page's e-mail and password sections (account-profile.tsx
 * renders them and handles their POSTs).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import type { AccountProfile } from '../../modules/customers/account.js';
import { EmailField, Field } from './components.js';

type C = Context<AppEnv>;
type Errors = Record<string, string>;

/** The address on file, a pending change, and the form to change it (a link goes to the new address). */
export function EmailSection(props: { c: C; profile: AccountProfile; value?: string; error?: string }) {
  return (
    <>
      <h2>E-mail address</h2>
      <p>
        <strong>{props.profile.email}</strong> —{' '}
        {props.profile.emailVerified ? 'confirmed' : 'not confirmed yet'}
      </p>
      {props.profile.pendingEmail ? (
        <p>
          Waiting for you to open the link sent to <strong>{props.profile.pendingEmail}</strong>.
        </p>
      ) : null}
      <form method="post" action="/account/email">
        {csrfInput(props.c)}
        <EmailField
          id="new-email"
          label="New e-mail address"
          value={props.value}
          error={props.error}
          hint="We send a link to the new address; the change takes effect when you open it."
        />
        <button class="btn btn-secondary" type="submit">
          Change e-mail
        </button>
      </form>
    </>
  );
}

export function PasswordForm(props: { c: C; errors: Errors }) {
  return (
    <>
      <h2>Password</h2>
      <form method="post" action="/account/password">
        {csrfInput(props.c)}
        <Field
          id="current-password"
          name="current"
          label="Current password"
          type="password"
          autocomplete="current-password"
          required
          error={props.errors.current}
        />
        <Field
          id="new-password"
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          required
          hint="At least 10 characters."
          error={props.errors.password}
        />
        <button class="btn btn-secondary" type="submit">
          Change password
        </button>
      </form>
    </>
  );
}
