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

/**
 * Creates or repairs both roles; idempotent and safe when run concurrently.
 * Roles live in pg_authid, shared by every database of the cluster, so no
 * (per-database) advisory lock can serialise two processes here — e.g. two
 * migrators, or migrations of several databases at once. Writes are skipped
 * when nothing would change, and a write that lost a race ("tuple
 * concurrently updated", duplicate role) is retried.
 */
export async function ensureRoles(owner: Db, appPassword?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureRolesOnce(owner, appPassword);
      return;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const raced =
        e.code === '42710' || // duplicate_object
        e.code === '23505' || // unique_violation (concurrent CREATE ROLE)
        e.code === '40001' ||
        e.code === '40P01' ||
        (e.code === 'XX000' && /concurrently/.test(e.message ?? ''));
      if (!raced || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
    }
  }
}

async function ensureRolesOnce(owner: Db, appPassword?: string): Promise<void> {
  const exists = async (name: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${name}`.execute(owner))
      .rows[0]?.n === 1;

  if (!(await exists(PLATFORM_ROLE)))
    await sql.raw(`create role ${PLATFORM_ROLE} nologin nobypassrls`).execute(owner);
  if (!(await exists(APP_ROLE)))
    await sql.raw(`create role ${APP_ROLE} login noinherit nobypassrls`).execute(owner);
  const { rows: attrs } = await sql<{ ok: boolean }>`
    select rolcanlogin and not rolinherit and not rolsuper and not rolbypassrls
           and not rolcreatedb and not rolcreaterole as ok
      from pg_roles where rolname = ${APP_ROLE}`.execute(owner);
  if (!attrs[0]?.ok) {
    await sql
      .raw(`alter role ${APP_ROLE} login noinherit nosuperuser nobypassrls nocreatedb nocreaterole`)
      .execute(owner);
  }
  if (appPassword) {
    await sql.raw(`alter role ${APP_ROLE} password ${quoteLiteral(appPassword)}`).execute(owner);
  }
  const { rows: member } = await sql<{ n: number }>`
    select count(*)::int as n from pg_auth_members m
      join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
     where r.rolname = ${PLATFORM_ROLE} and u.rolname = ${APP_ROLE}`.execute(owner);
  if (member[0]?.n !== 1) await sql.raw(`grant ${PLATFORM_ROLE} to ${APP_ROLE}`).execute(owner);
  const { rows } = await sql<{ db: string; granted: boolean }>`
    select current_database() as db,
           exists (select 1 from pg_database d, aclexplode(d.datacl) a
                    where d.datname = current_database() and a.grantee = ${sql.raw(`'${APP_ROLE}'::regrole`)}
                      and a.privilege_type = 'CONNECT') as granted`.execute(owner);
  if (!rows[0]!.granted) {
    await sql
      .raw(`grant connect, temporary on database "${rows[0]!.db.replace(/"/g, '""')}" to ${APP_ROLE}`)
      .execute(owner);
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
