#!/usr/bin/env node
/**
 * Data doors (issue #10): SQL lives only in a domain's repository and in the
 * database plumbing. Fails (exit 1) and lists every other file under src/ and
 * workers/ that imports kysely's `sql` (or any other runtime value of kysely),
 * writes a `sql` template, calls a Kysely query builder
 * (selectFrom, insertInto, updateTable, deleteFrom, replaceInto, mergeInto),
 * or hands SQL text to a driver client (`client.query('select …')`).
 * Type-only imports of kysely are fine anywhere.
 *
 * Allowed:
 *   src/modules/<domain>/repository*.ts and src/modules/<domain>/repository/**
 *   src/lib/db/**                          (connection, driver, migrations, roles)
 *   src/lib/outbox.ts (+ outbox-fragments.ts), src/lib/idempotency.ts, src/lib/rate-limit.ts
 *                                          (plumbing that owns its own table)
 *   src/lib/queue.ts, src/lib/embedded-db.ts
 *                                          (the queue backend's liveness ping on its own pool; the
 *                                          embedded cluster's bootstrap creating its database)
 * Migrations are SQL files outside src/ and are not scanned.
 *
 * Run: `npm run lint:data-doors` (node scripts/check-data-doors.mjs [--json]).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['src', 'workers'];

const ALLOWED = [
  /^src\/modules\/[^/]+\/repository[^/]*\.tsx?$/,
  /^src\/modules\/[^/]+\/repository\/.+\.tsx?$/,
  /^src\/lib\/db\//,
  /^src\/lib\/outbox(-fragments)?\.ts$/,
  /^src\/lib\/idempotency\.ts$/,
  /^src\/lib\/rate-limit\.ts$/,
  /^src\/lib\/(queue|embedded-db)\.ts$/,
];

/** What counts as running SQL, each with a label for the report. */
const CHECKS = [
  {
    label: 'imports a kysely value (sql, Kysely…)',
    // `import { sql } from 'kysely'`, `import { type X, sql } …`; not `import type { … }`.
    test: (line) => /^\s*import\s+(?!type\b)[^'"]*\bfrom\s+['"]kysely['"]/.test(line) && hasValueImport(line),
  },
  {
    label: 'sql template',
    test: (line) =>
      /\bsql\s*(<[^>]*>)?\s*`/.test(line) || /\bsql\.(raw|ref|id|lit|join|table|val)\(/.test(line),
  },
  {
    label: 'query builder',
    test: (line) => /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\(/.test(line),
  },
];

/** Checked over a file's whole text (a call's arguments may start on the next line). */
const TEXT_CHECKS = [
  {
    label: 'SQL text to a driver',
    // pg's `client.query('select …')` / `pool.query<Row>(\n `…`)`; not `c.req.query('page')`.
    pattern:
      /\.query\s*(?:<[^>]*>)?\s*\(\s*['"`]\s*(?:select|insert|update|delete|with|create|drop|alter|set|begin|commit|rollback|lock|listen|notify|copy|truncate|vacuum|analyze)\b/gi,
  },
];

/** True when an import line brings in at least one non-type binding. */
function hasValueImport(line) {
  const m = /import\s+(.*?)\s+from/.exec(line);
  if (!m) return true;
  const clause = m[1];
  const braces = /\{([^}]*)\}/.exec(clause);
  const outside = clause
    .replace(/\{[^}]*\}/, '')
    .replace(/,/g, '')
    .trim();
  if (outside) return true; // default or namespace import
  if (!braces) return false;
  return braces[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .some((name) => !name.startsWith('type '));
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

/** Joins multi-line import statements so one line holds the whole clause. */
function logicalLines(text) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const start = i + 1;
    if (/^\s*import\b/.test(line) && !/from\s+['"]/.test(line) && !/^\s*import\s+['"]/.test(line)) {
      while (i + 1 < lines.length && !/from\s+['"]/.test(line)) line += ` ${lines[++i].trim()}`;
    }
    out.push({ line, number: start });
  }
  return out;
}

export function findOffences(root = ROOT) {
  const offences = [];
  for (const top of SCANNED) {
    for (const file of walk(join(root, top))) {
      const rel = relative(root, file).split(sep).join('/');
      if (ALLOWED.some((re) => re.test(rel))) continue;
      const hits = [];
      const text = readFileSync(file, 'utf8');
      const isComment = (line) => /^\s*(\/\/|\*|\/\*)/.test(line); // comments and docs
      for (const { line, number } of logicalLines(text)) {
        if (isComment(line)) continue;
        for (const check of CHECKS) if (check.test(line)) hits.push({ line: number, what: check.label });
      }
      const lines = text.split('\n');
      for (const check of TEXT_CHECKS) {
        for (const m of text.matchAll(check.pattern)) {
          const number = text.slice(0, m.index).split('\n').length;
          if (!isComment(lines[number - 1])) hits.push({ line: number, what: check.label });
        }
      }
      hits.sort((a, b) => a.line - b.line);
      if (hits.length) offences.push({ file: rel, hits });
    }
  }
  return offences.sort((a, b) => a.file.localeCompare(b.file));
}

function main() {
  const offences = findOffences();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(offences, null, 2));
  } else if (offences.length) {
    console.error(`Data doors: ${offences.length} file(s) run SQL outside a repository or src/lib/db:\n`);
    for (const o of offences) {
      const kinds = [...new Set(o.hits.map((h) => h.what))].join(', ');
      const lines = o.hits
        .map((h) => h.line)
        .slice(0, 8)
        .join(', ');
      console.error(
        `  ${o.file}  (${o.hits.length}: ${kinds}; lines ${lines}${o.hits.length > 8 ? ', …' : ''})`,
      );
    }
    console.error('\nMove the SQL into the owning module\'s repository (see README "Architecture").');
  } else {
    console.log('Data doors: no SQL outside repositories and src/lib/db.');
  }
  process.exitCode = offences.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
