/**
 * Shopper signals written cheaply: events are appended to an in-memory buffer (no database round trip on
 * the page's response path) and flushed per store in one batched insert every few seconds or when the
 * buffer fills. A flush that fails is logged and dropped: these are hints, never orders or money.
 */
import { type Db, withTenantStatement } from '../../lib/db/index.js';
import { insertSignals, type SignalRow } from './repository/events.js';

export interface SignalRecorder {
  record(tenantId: string, row: SignalRow): void;
  /** Writes everything buffered so far. */
  flush(): Promise<number>;
  close(): Promise<void>;
}

export interface SignalRecorderOptions {
  flushMs?: number;
  maxBuffered?: number;
  onError?: (err: unknown) => void;
  /** After a store's rows are written (the serving cache drops those shoppers' cached history). */
  onWritten?: (tenantId: string, rows: readonly SignalRow[]) => void;
}

export function createSignalRecorder(db: Db, opts: SignalRecorderOptions = {}): SignalRecorder {
  const maxBuffered = opts.maxBuffered ?? 1000;
  let buffer = new Map<string, SignalRow[]>();
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<number> = Promise.resolve(0);

  const flush = (): Promise<number> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = new Map();
    size = 0;
    pending = pending.then(async () => {
      let written = 0;
      for (const [tenantId, rows] of batch) {
        try {
          written += await withTenantStatement(db, tenantId, (trx) => insertSignals(trx, tenantId, rows), {
            durability: 'relaxed',
          });
          opts.onWritten?.(tenantId, rows);
        } catch (err) {
          opts.onError?.(err);
        }
      }
      return written;
    });
    return pending;
  };

  return {
    record(tenantId, row) {
      const list = buffer.get(tenantId);
      if (list) list.push(row);
      else buffer.set(tenantId, [row]);
      size++;
      if (size >= maxBuffered) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), opts.flushMs ?? 2000);
        timer.unref();
      }
    },
    flush,
    async close() {
      await flush();
    },
  };
}
