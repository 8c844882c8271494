/**
 * The API process runs with the same V8 sizing wherever it is started: `npm start`, the Docker
 * image's CMD and the benches' and soak's API processes (bench/harness.ts API_NODE_FLAGS). The soak
 * judges the memory of the process the README tells operators to run; a flag added in one place only
 * would make it judge another.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from '../bench/harness.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

/** The flags between `node` and the first non-flag argument. */
const nodeFlags = (argv: string[]) => {
  const rest = argv.slice(argv.indexOf('node') + 1);
  const flags: string[] = [];
  for (const a of rest) {
    if (!a.startsWith('--') || a === '--import') break;
    flags.push(a);
  }
  return flags;
};

describe('API process flags', () => {
  it('npm start, the Dockerfile CMD and the soak start the API with the same V8 sizing', () => {
    const start =
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start ?? '';
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(cmd).toBeDefined();
    const startFlags = nodeFlags(start.split(/\s+/));
    expect(startFlags).toEqual(API_NODE_FLAGS);
    expect(nodeFlags(JSON.parse(cmd ?? '[]') as string[])).toEqual(API_NODE_FLAGS);
    // Fixed young generation, fixed old-generation growth.
    expect(API_NODE_FLAGS).toEqual(
      expect.arrayContaining(['--min-semi-space-size=32', '--heap-growing-percent=50']),
    );
  });
});
