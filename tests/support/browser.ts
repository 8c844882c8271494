/**
 * Shared headless-Chromium harness for page tests (contexts bypass CSP only so
 * axe-core can be injected; the pages' own scripts still obey it in production): the real app served by
 * @hono/node-server on a loopback port, Debian's Chromium driven by
 * playwright-core, `http://{handle}.localhost:{port}` for store hosts.
 *
 *   const b = useBrowserHarness();                     // at the top of the file: started in beforeAll,
 *                                                      // closed in afterAll (or startBrowserHarness())
 *   const page = await b.page({ width: 390, height: 844 });
 *   await page.goto(`${b.storeBase('demo')}/admin`);
 *   await b.shot(page, 'admin-home');                  // PNG in b.shotsDir
 *   expect(b.errors(page)).toEqual([]);                // console errors + page errors
 *   expect(await axeSerious(page)).toEqual([]);        // axe-core serious/critical
 *   await b.close();                                   // in afterAll (useBrowserHarness does it)
 *
 * Chromium itself is launched once per test process and shared by the files that process runs one after
 * another (isolate: false): a launch and its first page cost seconds on a busy 2-core machine, 29 files
 * paid it each. Every file still gets its own server, platform and contexts; close() closes the file's
 * contexts (every context of the browser: a process runs one file at a time) and its server.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type TestPlatform, testPlatform } from './platform.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BrowserHarness {
  p: TestPlatform;
  port: number;
  browser: Browser;
  shotsDir: string;
  /** `http://localhost:{port}` (the apex: landing, signup, console). */
  apexBase: string;
  /** `http://{handle}.localhost:{port}` */
  storeBase(handle: string): string;
  /** A fresh page (own context: own cookies) that records console errors and page errors. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  errors(page: Page): string[];
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

const pageErrors = new WeakMap<Page, string[]>();

// On globalThis, not in a module variable: one Chromium per process even if this module is evaluated again.
const SHARED = Symbol.for('storeloom.tests.chromium');
type WithShared = typeof globalThis & { [SHARED]?: Promise<Browser> };

/** This process's Chromium, launched on first use (again if it went away); Playwright kills it when the process exits. */
async function sharedBrowser(): Promise<Browser> {
  const g = globalThis as WithShared;
  const current = await g[SHARED]?.catch(() => undefined);
  if (current?.isConnected()) return current;
  g[SHARED] = chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return g[SHARED];
}

export async function startBrowserHarness(
  opts: { env?: Record<string, string> } = {},
): Promise<BrowserHarness> {
  const port = await freePort();
  const p = await testPlatform({ env: { PUBLIC_URL: `http://localhost:${port}`, ...opts.env } });
  const server: ServerType = serve({ fetch: p.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const browser = await sharedBrowser();
  const shotsDir = mkdtempSync(path.join(tmpdir(), 'storeloom-shots-'));
  return {
    p,
    port,
    browser,
    shotsDir,
    apexBase: `http://localhost:${port}`,
    storeBase: (handle) => `http://${handle}.localhost:${port}`,
    async page(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      pageErrors.set(page, errors);
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url || page.url()})`);
      });
      return page;
    },
    errors: (page) => pageErrors.get(page) ?? [],
    async shot(page, name) {
      const file = path.join(shotsDir, `${name}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true });
      } catch (err) {
        // Chromium sometimes refuses a full-page capture while the machine is
        // busy ("Unable to capture screenshot"); one retry after a frame settles it.
        if (!String(err).includes('Unable to capture screenshot')) throw err;
        await page.waitForTimeout(250);
        await page.screenshot({ path: file, fullPage: true });
      }
      return file;
    },
    async close() {
      await Promise.all(browser.contexts().map((c) => c.close().catch(() => {})));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      process.stdout.write(`screenshots: ${shotsDir}\n`);
    },
  };
}

/**
 * The file's harness: started in a beforeAll (120 s: a busy machine), closed in an afterAll. Register
 * it before the file's own hooks, which may then use it; read it only inside hooks and tests.
 */
export function useBrowserHarness(opts: { env?: Record<string, string> } = {}): BrowserHarness {
  let current: BrowserHarness | undefined;
  beforeAll(async () => {
    current = await startBrowserHarness(opts);
  }, 120_000);
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as BrowserHarness, {
    get(_, key) {
      if (!current)
        throw new Error(`browser harness read (${String(key)}) outside its file's hooks and tests`);
      return Reflect.get(current, key);
    },
  });
}

/** Horizontal overflow of the current page in CSS px (0 when nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A string expression: the page's DOM types are not in this project's compile (no "dom" lib).
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

const AXE = Symbol.for('storeloom.tests.axe-url');
type WithAxe = typeof globalThis & { [AXE]?: Promise<string> };

/**
 * axe-core served from a loopback URL with a long cache lifetime: Chromium then keeps the compiled
 * script (HTTP and code cache, per context), where a 550 kB inline <script> was parsed and compiled
 * again on every check (~1.9 s a check on a busy machine against ~1.0 s from the URL). One server
 * per process (unref'd: it never holds the process open).
 */
function axeUrl(): Promise<string> {
  const g = globalThis as WithAxe;
  g[AXE] ??= new Promise((resolve, reject) => {
    const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'));
    const server = http.createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400, immutable',
      });
      res.end(source);
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/axe.min.js`);
    });
  });
  return g[AXE];
}

/** axe-core's serious and critical violations on the current page, as `id: target` strings. */
export async function axeSerious(page: Page): Promise<string[]> {
  await page.addScriptTag({ url: await axeUrl() });
  const violations = await page.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
