/**
 * The signed-in shopper's account navigation (every /account page shows it)
 * and the "confirm your e-mail" banner with its resend button. "Privacy &
 * data" leads to /account/privacy (export and deletion, built by customer
 * care in its own file).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';

export const ACCOUNT_NAV: [href: string, label: string][] = [
  ['/account', 'Orders'],
  ['/account/profile', 'Profile'],
  ['/account/addresses', 'Addresses'],
  ['/account/tickets', 'Support'],
  ['/account/privacy', 'Privacy & data'],
];

export const ACCOUNT_CSS = `
.account-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:0 0 1.5rem;border-bottom:1px solid var(--c-border)}
.account-nav a{display:inline-block;padding:.5rem 0;min-height:2.75rem;box-sizing:border-box}.account-nav a[aria-current="page"]{font-weight:700;text-decoration-thickness:3px}
.address-list{list-style:none;padding:0;margin:0 0 1rem;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.address-list li{border:1px solid var(--c-border);border-radius:.5rem;padding:1rem}.address-list address{font-style:normal;margin-bottom:.75rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.narrow{max-width:32rem}
`;

export function AccountNav(props: { current: string }) {
  return (
    <nav class="account-nav" aria-label="Your account">
      <style dangerouslySetInnerHTML={{ __html: ACCOUNT_CSS }} />
      <ul>
        {ACCOUNT_NAV.map(([href, label]) => (
          <li>
            <a href={href} aria-current={href === props.current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Shown while the account's address is unverified: why it matters, and a resend button. */
export function VerifyBanner(props: { c: Context<AppEnv>; email: string; verified: boolean }) {
  if (props.verified) return null;
  return (
    <div class="notice" role="status">
      <p>
        Please confirm your e-mail address <strong>{props.email}</strong>: open the link we sent you. Orders
        you placed as a guest with this address then appear here.
      </p>
      <form method="post" action="/account/verify/resend">
        {csrfInput(props.c)}
        <button class="btn btn-secondary" type="submit">
          Send the link again
        </button>
      </form>
    </div>
  );
}
