/**
 * Longest files first. Two forks pull files from one queue, so a long file
 * started last runs alone at the end (the soak of tests/lib/multi-process ran
 * its last ~60 s by itself); started first, the short ones fill in around it
 * and both forks end together. Vitest's own order needs its results cache
 * (node_modules/.vite, gone after `npm ci` on CI) and otherwise runs the
 * largest files first, which is not the same as the longest.
 *
 * The seconds come from file-seconds.json: each file's duration in a full run
 * (only their order matters). A file not listed (a new one) counts as
 * UNLISTED_SECONDS. Refresh after a run with the JSON reporter:
 *   npx vitest run --reporter=json --outputFile=/tmp/run.json
 *   node tests/support/write-file-seconds.mjs /tmp/run.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const UNLISTED_SECONDS = 10;
const SECONDS: Record<string, number> = JSON.parse(
  readFileSync(new URL('./file-seconds.json', import.meta.url), 'utf8'),
);

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Vitest's order between projects (the isolated project first) stays; within one, longest first.
    const byProject = new Map<string, TestSpecification[]>();
    for (const f of await super.sort(files)) {
      const list = byProject.get(f.project.name) ?? [];
      list.push(f);
      byProject.set(f.project.name, list);
    }
    const root = this.ctx.config.root;
    const seconds = (f: TestSpecification) =>
      SECONDS[path.relative(root, f.moduleId).split(path.sep).join('/')] ?? UNLISTED_SECONDS;
    return [...byProject.values()].flatMap((list) => list.sort((a, b) => seconds(b) - seconds(a)));
  }
}
