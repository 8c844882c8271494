/**
 * The recommendations module's data door: all of its SQL lives in this folder.
 *
 * Read model (documented exception): to build and serve in one statement each, these files READ other
 * modules' tables — products, variants, categories (catalog), orders, order_lines (orders), customers,
 * carts and cart_items (cart). They never write to them: anything that changes another module's data
 * (e.g. the pair add to cart) goes through that module's service.
 */
export * from './build-reads.js';
export * from './build-writes.js';
export * from './cart-reads.js';
export * from './events.js';
export * from './overrides.js';
export * from './serve-parts.js';
export * from './serve-reads.js';
export * from './serve-statements.js';
export * from './serve-version.js';
export * from './settings.js';
