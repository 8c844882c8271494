/** Helpers for page tests: form posts with cookies and Origin, CSRF token extraction. */
import type { App } from '../../src/app.js';
import { request } from '../support/platform.js';
import { cookieFrom } from './helpers.js';

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!m) throw new Error('no CSRF field in page');
  return m[1]!;
}

export async function postForm(
  app: App,
  host: string,
  path: string,
  fields: Record<string, string>,
  opts: { cookie?: string; origin?: string | null } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'text/html',
  };
  if (opts.origin !== null) headers.origin = opts.origin ?? `http://${host}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  return request(app, 'POST', path, { host, raw: new URLSearchParams(fields).toString(), headers });
}

export async function getPage(app: App, host: string, path: string, cookie?: string) {
  return request(app, 'GET', path, { host, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
}

/** Signs in through a login form and returns the `sl_session=…` cookie header value. */
export async function pageLogin(app: App, host: string, path: string, email: string, password: string) {
  const res = await postForm(app, host, path, { email, password });
  const session = cookieFrom(res.headers, 'sl_session');
  if (res.status !== 303 || !session)
    throw new Error(`login failed: ${res.status} ${res.text.slice(0, 300)}`);
  return { cookie: `sl_session=${session}`, location: res.headers.get('location') };
}
