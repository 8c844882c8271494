/** Signup asks the new merchant to confirm their email, through the outbox, in the signup's own transaction. */
import { describe, expect, it } from 'vitest';
import { PLATFORM_TENANT_ID, withPlatformAccess } from '../../src/lib/db/index.js';
import { request, testPlatform } from '../support/platform.js';
import { signupBody } from './helpers.js';

async function mailsTo(deps: Awaited<ReturnType<typeof testPlatform>>['deps'], to: string) {
  const rows = await withPlatformAccess(deps.db, (trx) =>
    trx
      .selectFrom('outbox')
      .select(['payload'])
      .where('tenant_id', '=', PLATFORM_TENANT_ID)
      .where('topic', '=', 'email.send')
      .execute(),
  );
  return rows.map((r) => r.payload).filter((p) => p.to === to);
}

describe('signup email verification', () => {
  it('queues one verification email with a single-use link for the new merchant', async () => {
    const { app, deps } = await testPlatform();
    const body = signupBody({ template: 'blank' });
    const res = await request(app, 'POST', '/api/signup', { body });
    expect(res.status).toBe(201);
    const mails = await mailsTo(deps, body.email);
    expect(mails).toHaveLength(1);
    expect(String(mails[0]!.text)).toMatch(/\/verify-email\?token=/);
    const user = await withPlatformAccess(deps.db, (trx) =>
      trx
        .selectFrom('users')
        .select('email_verified_at')
        .where('email', '=', body.email)
        .executeTakeFirstOrThrow(),
    );
    expect(user.email_verified_at).toBeNull();
  });

  it('queues nothing when the signup fails validation', async () => {
    const { app, deps } = await testPlatform();
    const body = signupBody({ handle: 'admin' });
    const res = await request(app, 'POST', '/api/signup', { body });
    expect(res.status).toBe(400);
    expect(await mailsTo(deps, body.email)).toHaveLength(0);
  });
});
