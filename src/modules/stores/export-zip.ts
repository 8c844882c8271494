/**
 * Store data export as a ZIP (issue #17, point 6): for each exported table a
 * CSV and a JSON file (`<section>/<table>.csv|json`) plus `manifest.json`
 * (format, store, time, row counts). Secrets are left out exactly as in the
 * JSON export (repository-export.ts decides the columns).
 *
 * Streamed: the tables are read one at a time inside ONE tenant transaction
 * (a consistent snapshot) and each is deflated into the archive and handed
 * to the response as soon as it is read, so memory holds one table, not the
 * store. The export is audited in the same transaction; a failure half-way
 * errors the stream (the client sees a broken download, never a partial
 * archive that looks complete: the ZIP's central directory comes last).
 *
 * A client that goes away mid-download (a browser navigating off, a closed
 * tab) cancels the stream: nothing more is enqueued (enqueueing into a
 * cancelled stream throws, and that throw must not escape as an unhandled
 * rejection), the remaining tables are not read, and the audit row says the
 * download was abandoned with the counts of what had been read.
 */
import { stringify } from 'csv-stringify/sync';
import { Zip, ZipDeflate } from 'fflate';
import { withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { auditStoreAction, type StoreActor } from '../audit/service.js';
import { getCurrentTenant } from '../tenancy/repository/tenants.js';
import { EXPORT_SECTIONS, type ExportTable, exportColumns, selectStoreRows } from './repository-export.js';

export interface StoreZipExport {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

const encoder = new TextEncoder();

/** One CSV cell: dates as ISO-8601, JSON columns as JSON text, null as empty. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function tableCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))]);
}

function addFile(zip: Zip, name: string, text: string, mtime: Date): void {
  const file = new ZipDeflate(name, { level: 6 });
  file.mtime = mtime;
  zip.add(file);
  file.push(encoder.encode(text), true);
}

/** Starts the export; resolves once the store is known (for the file name), then streams. */
export async function streamStoreZip(
  deps: Deps,
  tenantId: string,
  actor: StoreActor & { via: 'admin' | 'console' },
): Promise<StoreZipExport> {
  const store = await withTenant(deps.db, tenantId, (trx) => getCurrentTenant(trx, tenantId));
  if (!store) throw notFound('Store');
  const now = deps.now();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  const zip = new Zip((err, chunk, final) => {
    if (cancelled) return;
    if (err) return controller.error(err);
    controller.enqueue(chunk);
    if (final) controller.close();
  });

  const run = withTenant(deps.db, tenantId, async (trx) => {
    const counts: Record<string, number> = {};
    tables: for (const [section, tables] of Object.entries(EXPORT_SECTIONS) as [
      string,
      readonly ExportTable[],
    ][]) {
      for (const table of tables) {
        if (cancelled) break tables;
        const columns = await exportColumns(trx, table);
        const rows = columns.length > 0 ? await selectStoreRows(trx, table, tenantId) : [];
        counts[table] = rows.length;
        addFile(zip, `${section}/${table}.csv`, tableCsv(columns, rows), now);
        addFile(zip, `${section}/${table}.json`, JSON.stringify(rows, null, 1), now);
      }
    }
    await auditStoreAction(trx, tenantId, actor, 'store.exported', {
      summary: cancelled
        ? `Store data ZIP export abandoned by the client (${actor.via})`
        : `Store data exported as ZIP (${actor.via})`,
      targetType: 'tenant',
      targetId: tenantId,
      data: cancelled ? { counts, format: 'zip', abandoned: true } : { counts, format: 'zip' },
    });
    if (cancelled) return;
    const manifest = {
      format: 'storeloom-store-export',
      version: 1,
      exportedAt: now.toISOString(),
      store: {
        id: store.id,
        handle: store.handle,
        name: store.name,
        currency: store.currency,
        timezone: store.timezone,
        plan: store.plan,
      },
      sections: Object.fromEntries(
        Object.entries(EXPORT_SECTIONS).map(([s, tables]) => [
          s,
          tables.map((t) => ({ table: t, csv: `${s}/${t}.csv`, json: `${s}/${t}.json` })),
        ]),
      ),
      counts,
      notes:
        'Amounts are integer minor units of the currency. Credentials (login hashes, sign-in links) are never exported.',
    };
    addFile(zip, 'manifest.json', JSON.stringify(manifest, null, 1), now);
  });
  run.then(
    () => {
      if (!cancelled) zip.end();
    },
    (err: unknown) => {
      zip.terminate();
      if (!cancelled) controller.error(err);
    },
  );
  return { filename: `storeloom-${store.handle}-${now.toISOString().slice(0, 10)}.zip`, stream };
}
