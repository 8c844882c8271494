/**
 * Shared parts of the storefront's support pages (contact, thread, feedback):
 * ticket status texts, the pages' CSS, the text area with its error, the
 * signed-link check and the "link not valid" page.
 */
import type { Context } from 'hono';
import { type LinkPurpose, verifyLink } from '../../lib/auth/signed-links.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { pageContext, ShopPage } from './page.js';

export type C = Context<AppEnv>;

export const STATUS: Record<string, string> = {
  open: 'Open — we will answer soon',
  pending: 'Waiting for your answer',
  resolved: 'Resolved',
  closed: 'Closed',
};
export const CARE_CSS = `.thread{list-style:none;padding:0}.thread li{border:1px solid var(--c-border);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .75rem;overflow-wrap:anywhere;white-space:pre-wrap}
.thread li.staff{background:var(--c-surface);border-left:4px solid var(--c-accent)}.thread .meta{font-size:.85rem;color:var(--c-muted);white-space:normal}
textarea{width:100%;min-height:8rem;box-sizing:border-box}.narrow{max-width:40rem}`;
export const Css = () => <style dangerouslySetInnerHTML={{ __html: CARE_CSS }} />;

export function TextArea(props: {
  id: string;
  label: string;
  value?: string;
  error?: string;
  max: number;
  optional?: boolean;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        name={props.id}
        maxlength={props.max}
        required={!props.optional}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      >
        {props.value ?? ''}
      </textarea>
      {props.error ? (
        <span class="error-text" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export async function linkSubject(
  c: C,
  purpose: LinkPurpose,
  token: string | undefined,
): Promise<string | undefined> {
  return token ? verifyLink(c.get('deps').keys, storeOf(c).id, purpose, token) : undefined;
}

export async function invalidLink(c: C) {
  const ctx = await pageContext(c);
  return c.html(
    <ShopPage ctx={ctx} title="Link expired" path={c.req.path} noindex>
      <h1>This link is not valid</h1>
      <p>
        It may have expired. <a href="/contact">Write to us again</a> and we will help.
      </p>
    </ShopPage>,
    404,
  );
}
