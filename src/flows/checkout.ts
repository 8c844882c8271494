/**
 * The checkout flow's entry point, kept at this path for its importers; the
 * flow itself lives in ./checkout/ (index.ts says how the pieces fit).
 */
export * from './checkout/index.js';
