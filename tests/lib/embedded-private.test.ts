/**
 * Issue #11.10: the embedded default run as root from a checkout inside a
 * private folder (mode 0700, like /root/storeloom or a mktemp -d folder),
 * which the `postgres` OS user cannot enter. `npm start`'s command must still
 * come up — PostgreSQL's binaries and cluster placed where that user can
 * reach them, and the banner saying where — and stop cleanly.
 * (Skipped logic is not an option: as a non-root user there is no postgres
 * OS user to block, so the test asserts the plain layout instead.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, sleep } from './faults-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const priv = mkdtempSync(path.join(os.tmpdir(), 'storeloom-private-'));
const app = path.join(priv, 'storeloom');
const asRoot = process.getuid?.() === 0;
let child: ChildProcess | undefined;
let relocated: string | undefined;

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(priv, { recursive: true, force: true });
  if (relocated?.startsWith('/var/lib/storeloom/data-'))
    rmSync(path.dirname(relocated), { recursive: true, force: true });
});

describe('the embedded default from a private (0700) folder', () => {
  it('starts, serves the demo store, says where PostgreSQL lives, and stops cleanly', async () => {
    expect(statSync(priv).mode & 0o777).toBe(0o700);
    // A clone of the checkout: sources copied, node_modules hard-linked (fast, no extra space).
    for (const f of [
      'src',
      'workers',
      'scripts',
      'migrations',
      'tenant-templates',
      'package.json',
      'tsconfig.json',
    ])
      cpSync(path.join(ROOT, f), path.join(app, f), { recursive: true });
    await new Promise<void>((resolve, reject) => {
      const cp = spawn('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(app, 'node_modules')]);
      cp.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cp -al exited ${code}`))));
    });
    const { freePort } = await import('../../bench/support.js');
    const port = await freePort();
    child = spawn(
      process.execPath,
      ['--max-semi-space-size=32', '--min-semi-space-size=32', 'scripts/start.mjs', 'src/main.ts'],
      {
        cwd: app,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/root',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: `http://localhost:${port}`,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.on('exit', (code, signal) => resolve({ code, signal })),
    );
    for (let until = Date.now() + 150_000; !out.includes('Storeloom is running'); await sleep(100)) {
      if (child.exitCode !== null) throw new Error(`npm start failed:\n${out}`);
      if (Date.now() > until) throw new Error(`not running after 150 s:\n${out}`);
    }
    const demo = await call(port, `demo.localhost:${port}`, 'GET', '/api/store/products');
    expect(demo.status).toBe(200);
    const record = path.join(app, '.data', 'pg.location');
    if (asRoot) {
      relocated = readFileSync(record, 'utf8').trim();
      expect(relocated).toMatch(/^\/var\/lib\/storeloom\/data-[0-9a-f]{12}\/pg$/);
      expect(out).toContain(`PostgreSQL data ${relocated}`);
      expect(existsSync(path.join(relocated, 'PG_VERSION'))).toBe(true);
    } else {
      expect(existsSync(record)).toBe(false);
    }
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    if (relocated) expect(existsSync(path.join(relocated, 'postmaster.pid'))).toBe(false);
  }, 240_000);
});
