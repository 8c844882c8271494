/**
 * The email + password sign-in form shared by the apex login (/login) and the
 * store admin sign-in (/admin/login). Carries the CSRF field and an optional
 * post-login `next` path; callers add their own links below it.
 */

import type { Context as HonoContext } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';

export function CredentialsForm(props: {
  c: HonoContext<AppEnv>;
  action: string;
  submitLabel: string;
  email?: string;
  next?: string;
  /** id of the element describing the current error, if any */
  describedBy?: string;
  children?: Child;
}) {
  return (
    <form method="post" action={props.action} aria-describedby={props.describedBy}>
      {csrfInput(props.c)}
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      <div class="field">
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={props.email ?? ''}
        />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <button class="btn" type="submit">
        {props.submitLabel}
      </button>
      {props.children}
    </form>
  );
}
