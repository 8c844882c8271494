/**
 * A `<link>` for a page's `<head>`, printed where it stands. hono's JSX hoists every intrinsic `<link>`
 * as document metadata: after rendering it searches the whole page for the tag, removes it and inserts
 * it again before `</head>` — three passes over (and copies of) the finished page per link, for tags
 * that sit in the head already (a storefront page had three: ~250 kB of its ~1 MB of garbage). Values
 * are escaped as JSX escapes attributes (hono's `html` uses the same escaper); the markup is what JSX
 * printed.
 */
import { html } from 'hono/html';

export function HeadLink(props: { rel: string; href: string; type?: string }) {
  return props.type
    ? html`<link rel="${props.rel}" href="${props.href}" type="${props.type}"/>`
    : html`<link rel="${props.rel}" href="${props.href}"/>`;
}
