/**
 * scripts/check-data-doors.mjs: SQL outside a repository or src/lib/db is
 * reported (value imports of kysely, sql templates, query builders); type-only
 * imports, repositories, src/lib/db and comments are not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOffences } from '../../scripts/check-data-doors.mjs';

const root = mkdtempSync(join(tmpdir(), 'data-doors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

write(
  'src/modules/shop/repository.ts',
  "import { sql } from 'kysely';\nexport const q = (t) => t.selectFrom('x');\n",
);
write('src/modules/shop/repository/reads.ts', "export const r = (t) => t.selectFrom('x');\n");
write('src/lib/db/index.ts', "import { Kysely, sql } from 'kysely';\n");
write(
  'src/modules/shop/types.ts',
  "import type { Kysely } from 'kysely';\nimport { type Generated } from 'kysely';\n",
);
write(
  'src/modules/shop/service.ts',
  "import {\n  type Kysely,\n  sql,\n} from 'kysely';\nconst a = sql`select 1`;\n",
);
write(
  'src/modules/shop/routes.ts',
  "// trx.selectFrom('x') in a comment is fine\nexport const b = (t) => t\n  .updateTable('x');\n",
);
write('src/web/page.tsx', 'const rows = sql<{ n: number }>`select 1`;\n');
write('workers/processors/job.ts', "await trx.deleteFrom('x').execute();\n");
write(
  'src/modules/shop/listener.ts',
  "const page = c.req.query('page');\nawait client.query<{ n: number }>(\n  'select 1');\nawait pool.query(`LISTEN x`);\n",
);
write('src/lib/queue.ts', "await pool.query('select 1');\n");

describe('check-data-doors', () => {
  const offences = findOffences(root);
  const byFile = Object.fromEntries(offences.map((o) => [o.file, o.hits.map((h) => `${h.line}:${h.what}`)]));

  it('reports SQL outside repositories and src/lib/db, with lines', () => {
    expect(Object.keys(byFile).sort()).toEqual([
      'src/modules/shop/listener.ts',
      'src/modules/shop/routes.ts',
      'src/modules/shop/service.ts',
      'src/web/page.tsx',
      'workers/processors/job.ts',
    ]);
    expect(byFile['src/modules/shop/service.ts']).toEqual([
      '1:imports a kysely value (sql, Kysely…)',
      '5:sql template',
    ]);
    expect(byFile['src/modules/shop/routes.ts']).toEqual(['3:query builder']);
    expect(byFile['src/web/page.tsx']).toEqual(['1:sql template']);
    expect(byFile['workers/processors/job.ts']).toEqual(['1:query builder']);
    expect(byFile['src/modules/shop/listener.ts']).toEqual([
      '2:SQL text to a driver',
      '4:SQL text to a driver',
    ]);
  });

  it('allows repositories, src/lib/db and type-only imports', () => {
    expect(byFile['src/modules/shop/repository.ts']).toBeUndefined();
    expect(byFile['src/modules/shop/repository/reads.ts']).toBeUndefined();
    expect(byFile['src/lib/db/index.ts']).toBeUndefined();
    expect(byFile['src/modules/shop/types.ts']).toBeUndefined();
  });
});
