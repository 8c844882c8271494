/**
 * The project root, for data files that ship with the code (migrations/,
 * tenant-templates/, src/modules/auth/common-passwords.txt). Found by walking
 * up from this module to the directory holding package.json and migrations/,
 * so it is the same whether the code runs from src/ (tsx, tests) or from the
 * start bundle (scripts/start.mjs writes it under node_modules/.cache/).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Storeloom project root not found above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the project, e.g. `projectPath('migrations')`. */
export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
