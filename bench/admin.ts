/**
 * `npm run bench -- admin`: page weight and latency of the heaviest admin
 * pages (issue #12's report): overview, products, orders, pricing, settings
 * (general, taxes). A store is signed up from the `apparel` template through
 * the real API (child process, own scratch database), its owner signs in
 * through /admin/login (cookie session), then each page is fetched one
 * request at a time after a warm-up. Figures: p50/p95 of the response time
 * as the client sees it over loopback (server time + one loopback round
 * trip; the server sends no Server-Timing), and the bytes transferred (the
 * HTML as sent: no compression is configured).
 */
import http from 'node:http';
import { scratchDatabase, startApi } from './harness.js';

const RUNS = Number(process.env.BENCH_ADMIN_RUNS ?? 60);
const PAGES = [
  '/admin',
  '/admin/products',
  '/admin/orders',
  '/admin/pricing',
  '/admin/settings',
  '/admin/settings/taxes',
];
const log = (s: string) => process.stdout.write(`${s}\n`);

interface Res {
  status: number;
  body: string;
  bytes: number;
  cookies: string[];
}

function send(
  url: string,
  opts: { host: string; method?: string; body?: string; headers?: Record<string, string> },
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers: { host: opts.host, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          const raw = res.headers['set-cookie'] ?? [];
          resolve({ status: res.statusCode ?? 0, body: buf.toString(), bytes: buf.length, cookies: raw });
        });
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

async function signUpAndSignIn(apiUrl: string, port: number) {
  const handle = `adminbench${Date.now() % 100000}`;
  const email = `owner@${handle}.test`;
  const password = 'correct horse battery';
  const signup = await send(`${apiUrl}/api/signup`, {
    host: `localhost:${port}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, storeName: 'Admin bench', handle, template: 'apparel' }),
  });
  if (signup.status !== 201) throw new Error(`signup: HTTP ${signup.status} ${signup.body.slice(0, 300)}`);
  const host = `${handle}.localhost:${port}`;
  const login = await send(`${apiUrl}/admin/login`, {
    host,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host}` },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (login.status !== 303 && login.status !== 302)
    throw new Error(`sign-in: HTTP ${login.status} ${login.body.slice(0, 300)}`);
  const cookie = login.cookies.map((c) => c.split(';')[0]).join('; ');
  return { host, cookie };
}

export async function runAdminBench(): Promise<void> {
  const db = await scratchDatabase('bench_admin');
  const api = await startApi(db.url).catch(async (err) => {
    await db.drop();
    throw err;
  });
  try {
    const { host, cookie } = await signUpAndSignIn(api.url, api.port);
    log(`admin pages of a new 'apparel' store, ${RUNS} sequential requests each after 10 warm-up requests:`);
    for (const path of PAGES) {
      const get = () => send(`${api.url}${path}`, { host, headers: { cookie } });
      const first = await get();
      if (first.status !== 200) throw new Error(`${path}: HTTP ${first.status}`);
      for (let i = 0; i < 10; i++) await get();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = process.hrtime.bigint();
        await get();
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      log(
        `  ${path.padEnd(24)} p50 ${at(0.5).padStart(6)} ms  p95 ${at(0.95).padStart(6)} ms  ${(first.bytes / 1024).toFixed(1).padStart(6)} KiB`,
      );
    }
  } finally {
    await api.stop();
    await db.drop();
  }
}
