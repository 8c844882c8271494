/**
 * Development mailbox (apex /dev/mail): the emails the worker stored because
 * no SMTP_URL is configured. It shows password-reset links, so it is private:
 * never in production (404), and elsewhere only for a request from this
 * machine — the socket peer is loopback (and, behind a trusted local proxy,
 * the forwarded client too; headers alone never qualify) — or from a
 * signed-in platform admin. Anyone else gets 404. In-process requests
 * (`app.request()` in tests) have no socket and count as local.
 */
import { type Context, Hono, type Next } from 'hono';
import { AppError } from '../../lib/errors.js';
import { clientIp, socketAddress } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { isLoopbackAddress } from '../../lib/ip-ranges.js';
import { listDevMail } from '../../modules/mail/service.js';
import { PlatformLayout } from '../platform/layout.js';

async function mailPage(c: Context<AppEnv>) {
  const to = c.req.query('to')?.trim().slice(0, 320) || undefined;
  const mails = await listDevMail(c.get('deps').db, { to, limit: 100 });
  return c.html(
    <PlatformLayout title="Development mailbox" wide>
      <h1>Development mailbox</h1>
      <p class="muted">
        Emails sent while no SMTP server is configured (newest first). This page does not exist in production.
      </p>
      <form method="get" action="/dev/mail" role="search" aria-label="Filter by recipient">
        <div class="field">
          <label for="to">Recipient</label>
          <input id="to" name="to" type="email" value={to ?? ''} />
        </div>
        <button class="btn" type="submit">
          Filter
        </button>
      </form>
      {mails.length === 0 ? <p>No emails yet.</p> : null}
      {mails.map((m) => (
        <article class="card" style="margin:1rem 0" aria-labelledby={`mail-${m.id}`}>
          <h2 id={`mail-${m.id}`} style="margin-top:0">
            {m.subject}
          </h2>
          <p class="muted">
            To {m.to} ·{' '}
            <time datetime={m.createdAt.toISOString()}>
              {m.createdAt.toISOString().slice(0, 19).replace('T', ' ')} UTC
            </time>
          </p>
          <pre style="white-space:pre-wrap;font:inherit">{m.text}</pre>
        </article>
      ))}
    </PlatformLayout>,
  );
}

export const devMailPages = new Hono<AppEnv>();
function isLocalRequest(c: Context<AppEnv>): boolean {
  const peer = socketAddress(c);
  if (!peer) return true;
  const client = clientIp(c);
  return isLoopbackAddress(peer) && (client === undefined || isLoopbackAddress(client));
}

async function isPlatformAdmin(c: Context<AppEnv>): Promise<boolean> {
  if (c.get('principal')?.kind !== 'user') return false;
  let admin = false;
  await requirePlatformAdmin()(c, async () => {
    admin = true;
  }).catch(() => undefined);
  return admin;
}

async function onlyLocalOrPlatformAdmin(c: Context<AppEnv>, next: Next) {
  if (c.get('deps').config.isProduction) throw new AppError('not_found', 'Not found');
  if (!isLocalRequest(c) && !(await isPlatformAdmin(c))) throw new AppError('not_found', 'Not found');
  await next();
}

devMailPages.use('/dev/mail', onlyOn('apex'), onlyLocalOrPlatformAdmin);
devMailPages.get('/dev/mail', mailPage);
