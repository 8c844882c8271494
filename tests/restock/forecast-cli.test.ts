/** The forecast CLIs on a tiny fixture (tests/restock/fixtures/sales-small.csv, 4 SKUs × 100 days of 2024). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'tests/restock/fixtures/sales-small.csv');
const run = (script: string, args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('forecast CLIs', () => {
  it('forecast:batch writes one row per SKU with a prior sale, per origin and horizon day (.csv.gz input)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'forecast-'));
    const gz = path.join(dir, 'sales.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture)));
    const out = path.join(dir, 'out.csv');
    run('forecast-batch.ts', [
      '--sales',
      gz,
      '--origins',
      '2024-02-15,2024-03-14',
      '--horizon',
      '5',
      '--out',
      out,
    ]);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('origin,sku,date,forecast,p10,p50,p90');
    const rows = lines.slice(1).map((l) => l.split(','));
    // 2024-02-15: LATE-3 has no sale yet → 3 SKUs; 2024-03-14 (after LATE-3's start on 03-11): 4 SKUs.
    expect(rows).toHaveLength((3 + 4) * 5);
    expect(new Set(rows.filter((r) => r[0] === '2024-02-15').map((r) => r[1]))).toEqual(
      new Set(['SMOOTH-1', 'LUMPY-2', 'STOP-4']),
    );
    const smooth = rows.filter((r) => r[0] === '2024-03-14' && r[1] === 'SMOOTH-1');
    expect(smooth.map((r) => r[2])).toEqual([
      '2024-03-14',
      '2024-03-15',
      '2024-03-16',
      '2024-03-17',
      '2024-03-18',
    ]);
    for (const r of rows) {
      const [f, p10, p50, p90] = r.slice(3).map(Number) as [number, number, number, number];
      expect(f).toBeGreaterThanOrEqual(0);
      expect(p10).toBeLessThanOrEqual(p50);
      expect(p50).toBeLessThanOrEqual(p90);
    }
    // Saturdays never sell in the fixture: no forecast for 2024-03-16.
    expect(Number(smooth[2]![3])).toBe(0);
    // STOP-4 stopped selling after day 40: its forecast has decayed.
    const stop = rows.filter((r) => r[0] === '2024-03-14' && r[1] === 'STOP-4').map((r) => Number(r[3]));
    expect(stop.reduce((a, b) => a + b, 0)).toBeLessThan(1);
  });

  it('forecast:evaluate prints the comparison table and the simulation', () => {
    const out = run('forecast-evaluate.ts', [
      '--sales',
      fixture,
      '--origins',
      '2024-03-01,2024-03-08',
      '--horizon',
      '7',
    ]);
    expect(out).toMatch(/method\s+WAPE\s+MASE\s+total\s+bias\s+fill\s+days/);
    for (const name of ['planner', 'naive28', 'seasonal-naive', 'sba', 'tsb', 'holt-winters (current)']) {
      expect(out).toContain(name);
    }
    expect(out).toMatch(/vs naive28\s+\d+ \/ \d+ \/ \d+/);
  });
});
