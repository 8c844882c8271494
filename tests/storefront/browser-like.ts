/**
 * A tiny cookie-keeping client for page tests: drives the app in-process like
 * a browser without JavaScript would — GETs pages, posts urlencoded forms
 * with an Origin header (as browsers do), keeps the cookies it is given, and
 * reads hidden fields (CSRF token, Idempotency-Key) out of rendered forms.
 */
import type { App } from '../../src/app.js';

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class PageClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    readonly host: string,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<PageResponse> {
    const res = await this.app.request(`http://${this.host}${path}`, {
      headers: { host: this.host, accept: 'text/html', cookie: this.cookieHeader() },
    });
    this.keep(res);
    return {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      location: res.headers.get('location'),
    };
  }

  async post(
    path: string,
    form: Record<string, string>,
    opts: { origin?: string | null } = {},
  ): Promise<PageResponse> {
    const headers: Record<string, string> = {
      host: this.host,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      cookie: this.cookieHeader(),
    };
    if (opts.origin !== null) headers.origin = opts.origin ?? `http://${this.host}`;
    const res = await this.app.request(`http://${this.host}${path}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(form).toString(),
    });
    this.keep(res);
    return {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      location: res.headers.get('location'),
    };
  }
}

/** The value of the first `<input … name="name" … value="…">` in the html (attribute order-agnostic). */
export function hiddenValue(html: string, name: string): string | undefined {
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (new RegExp(`\\bname="${name}"`).test(tag)) return /\bvalue="([^"]*)"/.exec(tag)?.[1];
  }
  return undefined;
}

/** True when the page looks like it leaked a stack trace or an internal error. */
export function leaksInternals(html: string): boolean {
  return /\bat [\w.<>]+ \(|node_modules|Error: |internal_error/.test(html);
}
