/**
 * Users (platform-level identities: merchants and platform admins). The one
 * door to the `users` table. Users are not tenant-scoped, so a lone read may
 * run on the pool (`Db`) as well as inside a caller's transaction.
 */
import type { Db, Trx } from '../../../lib/db/index.js';

type Executor = Db | Trx;

/** What the app needs to know about a signed-in user (the current user's email included). */
export interface UserAccount {
  id: string;
  email: string;
  isPlatformAdmin: boolean;
  emailVerifiedAt: Date | null;
}

/** The account of a user by id: THE query for "the current user's email". */
export async function findUserAccount(db: Executor, userId: string): Promise<UserAccount | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'is_platform_admin', 'email_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        email: row.email,
        isPlatformAdmin: row.is_platform_admin,
        emailVerifiedAt: row.email_verified_at,
      }
    : undefined;
}

/** A user and their password hash by email (sign-in, invitations, signup replay). */
export async function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'is_platform_admin', 'email_verified_at'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** True when at least one platform admin exists (the embedded seed). */
export async function platformAdminExists(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('is_platform_admin', '=', true)
    .executeTakeFirst();
  return !!row;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  name?: string | null;
  isPlatformAdmin?: boolean;
  emailVerifiedAt?: Date | null;
  now: Date;
}

export async function insertUser(db: Executor, u: NewUser): Promise<{ id: string; email: string }> {
  return db
    .insertInto('users')
    .values({
      email: u.email,
      password_hash: u.passwordHash,
      name: u.name ?? null,
      is_platform_admin: u.isPlatformAdmin ?? false,
      email_verified_at: u.emailVerifiedAt ?? null,
      updated_at: u.now,
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
}

export async function setUserPassword(db: Executor, userId: string, passwordHash: string, now: Date) {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Marks the email verified once (a second confirmation changes nothing). */
export async function markUserEmailVerified(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_verified_at: now, updated_at: now })
    .where('id', '=', userId)
    .where('email_verified_at', 'is', null)
    .execute();
}

export async function promoteToPlatformAdmin(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ is_platform_admin: true, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Email and name of several users at once (member lists, audit actors). */
export async function findUsersByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { email: string; name: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { email: r.email, name: r.name }]));
}
