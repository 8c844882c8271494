/** Test helpers for auth: cookies from responses, outbox emails, audit rows. */
import { withPlatformAccess } from '../../src/lib/db/index.js';
import type { Deps } from '../../src/lib/http/context.js';

/** The value of cookie `name` from a response's Set-Cookie headers (undefined when absent or cleared). */
export function cookieFrom(headers: Headers, name: string): string | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const idx = pair!.indexOf('=');
    if (pair!.slice(0, idx).trim() === name) {
      const v = decodeURIComponent(pair!.slice(idx + 1));
      return v || undefined;
    }
  }
  return undefined;
}

export function setCookieLine(headers: Headers, name: string): string | undefined {
  return headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
}

/** Emails queued through the outbox for `to` (newest first). */
export async function outboxEmails(deps: Deps, to: string) {
  const rows = await withPlatformAccess(deps.db, (trx) =>
    trx
      .selectFrom('outbox')
      .select(['tenant_id', 'id', 'payload'])
      .where('topic', '=', 'email.send')
      .orderBy('id', 'desc')
      .execute(),
  );
  return rows
    .map((r) => ({
      tenantId: r.tenant_id,
      id: r.id,
      ...(r.payload as { to: string; subject: string; text: string }),
    }))
    .filter((m) => m.to.toLowerCase() === to.toLowerCase());
}

/** The `token=` value of the first link in an email's text. */
export function tokenFromEmail(text: string): string {
  const m = /token=([^\s&]+)/.exec(text);
  if (!m) throw new Error(`no token link in: ${text}`);
  return decodeURIComponent(m[1]!);
}

export async function auditRows(deps: Deps, where: { action: string; targetId?: string; actorId?: string }) {
  return withPlatformAccess(deps.db, (trx) => {
    let q = trx.selectFrom('audit_log').selectAll().where('action', '=', where.action);
    if (where.targetId) q = q.where('target_id', '=', where.targetId);
    if (where.actorId) q = q.where('actor_id', '=', where.actorId);
    return q.execute();
  });
}
