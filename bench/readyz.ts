/**
 * `npm run bench -- readyz`: what a crowd on the unauthenticated /readyz costs
 * the shoppers. The storefront's median latency (one caller, back to back)
 * idle, then while 100 keep-alive callers hit /healthz (no work: the crowd's
 * own HTTP cost on this machine) and while they hit /readyz (probes cached
 * for a second). Target: the /readyz figure within 2× of the larger of the
 * other two. The behaviour behind it (no connection and no probe per call)
 * is asserted by tests/lib/faults-readyz.test.ts; the latency lives here
 * because a timed assertion in a test fails on a busy CI machine.
 */
import http from 'node:http';
import { quantile, withSeededApi } from './harness.js';

const CALLERS = 100;
const SAMPLES = Number(process.env.BENCH_READYZ_SAMPLES ?? 200);

function get(agent: http.Agent, port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}

async function storefrontP50(port: number, host: string, n: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const status = await get(agent, port, '/api/store/products?limit=20', host);
    if (status !== 200) throw new Error(`storefront answered ${status}`);
    times.push(performance.now() - t);
  }
  agent.destroy();
  return quantile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

async function underCrowd(
  port: number,
  host: string,
  path: string,
): Promise<{ p50: number; answers: number; ok: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CALLERS });
  let stop = false;
  let answers = 0;
  let ok = 0;
  const caller = async () => {
    while (!stop) {
      const status = await get(agent, port, path, `localhost:${port}`);
      answers++;
      if (status === 200) ok++;
    }
  };
  const crowd = Array.from({ length: CALLERS }, caller);
  await new Promise((r) => setTimeout(r, 1_000));
  const p50 = await storefrontP50(port, host, SAMPLES);
  stop = true;
  await Promise.all(crowd);
  agent.destroy();
  return { p50, answers, ok };
}

export async function runReadyzBench(): Promise<void> {
  await withSeededApi({ prefix: 'bench_readyz', handle: 'readyz', products: 50 }, async ({ api, host }) => {
    await storefrontP50(api.port, host, 50); // warm-up
    const idle = await storefrontP50(api.port, host, SAMPLES);
    const floor = await underCrowd(api.port, host, '/healthz');
    const ready = await underCrowd(api.port, host, '/readyz');
    const base = Math.max(idle, floor.p50);
    const ratio = ready.p50 / base;
    console.log(`storefront list p50, one caller, ${SAMPLES} samples each:`);
    console.log(`  idle                       ${idle.toFixed(2)} ms`);
    console.log(`  with ${CALLERS} /healthz callers   ${floor.p50.toFixed(2)} ms (${floor.answers} answers)`);
    console.log(
      `  with ${CALLERS} /readyz callers    ${ready.p50.toFixed(2)} ms (${ready.answers} answers, ${ready.ok} of them 200)`,
    );
    console.log(
      `ratio /readyz ÷ max(idle, /healthz) = ${ratio.toFixed(2)} (target ≤ 2.00: ${ratio <= 2 ? 'met' : 'NOT met'})`,
    );
  });
}
