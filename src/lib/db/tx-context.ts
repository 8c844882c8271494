/**
 * What withTenant, withPlatformAccess and the driver's helpers tell the
 * driver about the statements they run (async-context state and markers on
 * compiled queries). See ./driver.ts for what each one changes on the wire.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** How the transaction being opened on this async context starts (set by withTenant/withPlatformAccess). */
export type TxOpening =
  /** A tenant transaction; `single`: one statement, committed with it. */
  | { tenantId: string; single: boolean; relaxed?: boolean }
  /** Fully literal SQL (no parameters) that begins the transaction; built only from constants. */
  | { sql: string; single: false };

export const txOpening = new AsyncLocalStorage<TxOpening>();

/**
 * On a CompiledQuery: statements to write right behind it, in the same
 * socket write (pg pipeline mode), each answered in order. Their results come
 * back under PIPELINED_RESULTS on the first statement's result.
 */
export const PIPELINED_MORE = Symbol('storeloom.pipelinedMore');
export const PIPELINED_RESULTS = Symbol('storeloom.pipelinedResults');

/** Set while the statement that ends the current transaction runs (see asFinalStatement). */
export const finalStatement = new AsyncLocalStorage<boolean>();
