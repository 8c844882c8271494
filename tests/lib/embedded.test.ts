/**
 * The embedded default end to end, as a newcomer runs it: `npm start`'s
 * command (node --max-semi-space-size=32 --min-semi-space-size=32 scripts/start.mjs src/main.ts: the esbuild bundle) with no DATABASE_URL/REDIS_URL and
 * a fresh DATA_DIR → embedded PostgreSQL, migrations, demo seed, /healthz;
 * SIGTERM stops everything (exit 0, no postgres left); a second start reuses
 * the data; a SIGKILLed run's leftover PostgreSQL is detected and handled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'storeloom-embedded-'));
chmodSync(dataDir, 0o755); // the postgres OS user must reach DATA_DIR/pg
const pgDir = path.join(dataDir, 'pg');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Pids of live postmasters serving this test's DATA_DIR: postgres processes
 * naming the directory whose parent is not one of them (a just-forked backend
 * still carries its parent's command line).
 */
function postgresPids(): number[] {
  const found = new Map<number, number>(); // pid → ppid
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (args[0]?.endsWith('/postgres') && args.includes(pgDir) && fields[0] !== 'Z')
        found.set(Number(entry), Number(fields[1]));
    } catch {}
  }
  return [...found].filter(([, ppid]) => !found.has(ppid)).map(([pid]) => pid);
}

/** node:http, because fetch does not let a caller set Host (and Node cannot resolve *.localhost). */
function call(
  port: number,
  host: string,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        headers: { host, ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

interface Run {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Seconds from spawn to a healthy /healthz. */
  healthyAfter: number;
}

const runs: Run[] = [];

async function start(): Promise<Run> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=32', '--min-semi-space-size=32', 'scripts/start.mjs', 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        DATA_DIR: dataDir,
        PORT: String(port),
        PUBLIC_URL: `http://localhost:${port}`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`storeloom exited before becoming healthy:\n${out}`);
    if (performance.now() - began > 90_000) throw new Error(`not healthy after 90 s:\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const run = { child, port, output: () => out, exited, healthyAfter: (performance.now() - began) / 1000 };
  runs.push(run);
  return run;
}

afterAll(async () => {
  for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  for (const pid of postgresPids()) process.kill(pid, 'SIGQUIT');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded default', () => {
  let credentials: { email: string; password: string } | undefined;

  it('cold start: embedded PostgreSQL, migrations, demo seed, /healthz; SIGTERM exits 0 and stops PostgreSQL', async () => {
    const run = await start();
    console.info(`embedded cold start to healthy /healthz: ${run.healthyAfter.toFixed(2)} s`);
    expect(postgresPids()).toHaveLength(1);
    const out = run.output();
    expect(out).toContain('Storeloom is running');
    expect(out).toContain(`http://demo.localhost:${run.port}`);
    expect(out).toContain(`http://localhost:${run.port}/console`);
    const m = /Demo merchant\s+(\S+) \/ (\S+)/.exec(out);
    expect(m, 'demo merchant credentials printed at creation').not.toBeNull();
    credentials = { email: m![1]!, password: m![2]! };

    // The demo store answers on its host; an unknown store does not.
    const demo = await call(run.port, `demo.localhost:${run.port}`, 'GET', '/api/store/products');
    expect(demo.text).not.toContain('store_not_found');
    const unknown = await call(run.port, `nope.localhost:${run.port}`, 'GET', '/api/store/products');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('store_not_found');
    // The printed merchant owns the demo store.
    const login = await call(run.port, `localhost:${run.port}`, 'POST', '/api/auth/login', credentials);
    expect(login.status).toBe(200);
    expect(JSON.parse(login.text).stores).toContainEqual(
      expect.objectContaining({ handle: 'demo', role: 'owner' }),
    );

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(postgresPids()).toEqual([]);
  }, 120_000);

  it('warm start reuses the data (no new credentials) and stops cleanly', async () => {
    const run = await start();
    console.info(`embedded warm start to healthy /healthz: ${run.healthyAfter.toFixed(2)} s`);
    expect(run.output()).not.toContain('Created now');
    const login = await call(run.port, `localhost:${run.port}`, 'POST', '/api/auth/login', credentials);
    expect(login.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(postgresPids()).toEqual([]);
  }, 120_000);

  it('a SIGKILLed run leaves PostgreSQL behind; the next start detects and stops it', async () => {
    const killed = await start();
    const [leftover] = postgresPids();
    expect(leftover).toBeDefined();
    killed.child.kill('SIGKILL'); // the node process only
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(postgresPids()).toEqual([leftover]);

    const next = await start();
    expect(next.output()).toContain('found a PostgreSQL left running by an earlier run');
    const now = postgresPids();
    expect(now).toHaveLength(1);
    expect(now).not.toContain(leftover);
    next.child.kill('SIGTERM');
    expect(await next.exited).toEqual({ code: 0, signal: null });
    expect(postgresPids()).toEqual([]);
  }, 180_000);
});
