// Writes tests/support/file-seconds.json (read by sequencer.ts) from a vitest JSON report:
//   node tests/support/write-file-seconds.mjs /tmp/run.json
// Each file's duration in whole seconds, keyed from tests/ (the report may come from another checkout);
// a file that did not pass keeps its old figure.
import { readFileSync, writeFileSync } from 'node:fs';

const out = new URL('./file-seconds.json', import.meta.url);
const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const seconds = JSON.parse(readFileSync(out, 'utf8'));
for (const r of report.testResults) {
  if (r.status !== 'passed' || !r.startTime) continue;
  seconds[r.name.slice(r.name.indexOf('/tests/') + 1)] = Math.max(
    1,
    Math.round((r.endTime - r.startTime) / 1000),
  );
}
const sorted = Object.entries(seconds).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
writeFileSync(out, `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
process.stdout.write(`${sorted.length} files\n`);
