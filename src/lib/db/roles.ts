/**
 * Database roles and connection strings.
 *
 * The owner connection (DATABASE_URL) runs migrations and creates:
 *   storeloom_app       LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS — what the API and
 *                       workers connect as; owns nothing; holds only DML grants.
 *   storeloom_platform  NOLOGIN NOBYPASSRLS — entered by withPlatformAccess.
 * NOINHERIT matters: without it the app role would inherit the platform role's
 * policies and see every tenant.
 */
import { sql } from 'kysely';
import type { Db } from './index.js';

export const APP_ROLE = 'storeloom_app';
export const PLATFORM_ROLE = 'storeloom_platform';

/** The app-role URL: APP_DATABASE_URL, else the owner URL with the app role's name. */
export function appDatabaseUrl(ownerUrl: string, appUrl?: string, appPassword?: string): string {
  if (appUrl) return appUrl;
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = appPassword ? encodeURIComponent(appPassword) : '';
  return u.toString();
}

/** Creates or repairs both roles; idempotent and safe when run concurrently. */
export async function ensureRoles(owner: Db, appPassword?: string): Promise<void> {
  const create = async (statement: string) => {
    try {
      await sql.raw(statement).execute(owner);
    } catch (err) {
      // duplicate_object / unique_violation: another process created it first.
      const code = (err as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw err;
    }
  };
  const exists = async (name: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${name}`.execute(owner))
      .rows[0]?.n === 1;

  if (!(await exists(PLATFORM_ROLE))) await create(`create role ${PLATFORM_ROLE} nologin nobypassrls`);
  if (!(await exists(APP_ROLE))) await create(`create role ${APP_ROLE} login noinherit nobypassrls`);
  await sql
    .raw(`alter role ${APP_ROLE} login noinherit nosuperuser nobypassrls nocreatedb nocreaterole`)
    .execute(owner);
  if (appPassword) {
    await sql.raw(`alter role ${APP_ROLE} password ${quoteLiteral(appPassword)}`).execute(owner);
  }
  await sql.raw(`grant ${PLATFORM_ROLE} to ${APP_ROLE}`).execute(owner);
  const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(owner);
  await sql
    .raw(`grant connect, temporary on database "${rows[0]!.db.replace(/"/g, '""')}" to ${APP_ROLE}`)
    .execute(owner);
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
