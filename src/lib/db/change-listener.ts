/**
 * One dedicated PostgreSQL connection that LISTENs on a channel and hands each
 * notice to a callback (the storefront read cache's invalidations, raised by
 * migration 0270's trigger when a transaction commits). With `pollStockChanges`
 * the same connection also reads migration 0340's stock changes every
 * `everyMs` (./stock-changes.ts) and hands each to the callback as the notice
 * it replaces ("<tenant id> <product id>"); a failed read counts as a lost
 * connection.
 *
 * While the connection is down no notice can arrive, so `live` is false and
 * the caller must not trust what it derived from earlier notices (the read
 * cache stops serving from memory). The listener reconnects by itself with a
 * capped backoff; `onResync` runs once the channel is listened to again, so
 * the caller can drop what may have changed unseen during the outage.
 */
import pg from 'pg';
import type { Logger } from '../logger.js';
import { stockChangeReader } from './stock-changes.js';

export interface ChangeListener {
  /** True while the channel is being listened to and, if polled, stock changes were read within 2 s (no notice can have been missed since `onResync`). */
  readonly live: boolean;
  close(): Promise<void>;
}

export interface ChangeListenerOptions {
  connectionString: string;
  channel: string;
  logger: Logger;
  onNotice(payload: string): void;
  /** Called each time listening (re)starts: everything before may have been missed. */
  onResync(): void;
  /** Also poll catalog_stock_changes (migration 0340) this often, delivering each change to onNotice. */
  pollStockChanges?: { everyMs: number };
}

const MAX_RETRY_MS = 2_000;
/** A stock-change read older than this (or taking longer) means changes may be going unseen. */
const STALL_MS = 2_000;

export function startChangeListener(opts: ChangeListenerOptions): ChangeListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(opts.channel)) throw new Error(`bad channel name ${opts.channel}`);
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  /** When the stock changes were last read: a poll that stalls makes the listener not live. */
  let lastRead = 0;
  const pollEvery = opts.pollStockChanges?.everyMs;
  /** Prune old rows about once a minute (each process; deleting twice is harmless). */
  const pruneEvery = pollEvery ? Math.max(1, Math.round(60_000 / pollEvery)) : 0;

  const lose = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = undefined;
    live = false;
    if (poll) clearTimeout(poll);
    c.end().catch(() => {});
    if (closed) return;
    failures++;
    if (failures === 1) opts.logger.warn({ err }, `lost the ${opts.channel} listener; reconnecting`);
    retry = setTimeout(connect, Math.min(MAX_RETRY_MS, 100 * 2 ** Math.min(failures, 5)));
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({
      connectionString: opts.connectionString,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: 'storeloom-listener',
      // A stalled read fails (and reconnects) instead of hanging the poll.
      ...(pollEvery ? { statement_timeout: STALL_MS } : {}),
    });
    client = c;
    c.on('error', (err) => lose(c, err));
    c.on('end', () => lose(c));
    c.on('notification', (n) => {
      if (n.channel === opts.channel && n.payload) opts.onNotice(n.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${opts.channel}`);
      // The stock reader starts from now, before the caller drops what it had.
      const reader = pollEvery ? stockChangeReader() : undefined;
      if (reader) await reader.read(c);
      lastRead = Date.now();
      if (client !== c || closed) return;
      // Listening again: whatever changed while nobody listened is unknown.
      opts.onResync();
      live = true;
      if (failures > 0) opts.logger.info({ failures }, `${opts.channel} listener back`);
      failures = 0;
      if (reader && pollEvery) schedulePoll(c, reader, pollEvery);
    } catch (err) {
      lose(c, err);
    }
  }

  function schedulePoll(c: pg.Client, reader: ReturnType<typeof stockChangeReader>, everyMs: number) {
    let n = 0;
    const tick = async () => {
      if (client !== c || closed) return;
      try {
        for (const payload of await reader.read(c)) opts.onNotice(payload);
        lastRead = Date.now();
        if (++n % pruneEvery === 0) await reader.prune(c);
      } catch (err) {
        // Changes may be unread: treat it as a lost connection (reconnect, then resync).
        lose(c, err);
        return;
      }
      if (client === c && !closed) poll = setTimeout(tick, everyMs);
    };
    poll = setTimeout(tick, everyMs);
  }

  void connect();
  return {
    get live() {
      return live && (!pollEvery || Date.now() - lastRead < STALL_MS);
    },
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      if (poll) clearTimeout(poll);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
