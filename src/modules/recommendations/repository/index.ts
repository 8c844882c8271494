/** The recommendations module's data door: all of its SQL lives in this folder. */
export * from './build-reads.js';
export * from './build-writes.js';
export * from './cart-reads.js';
export * from './events.js';
export * from './overrides.js';
export * from './serve-reads.js';
export * from './settings.js';
