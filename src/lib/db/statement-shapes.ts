/**
 * Statements compiled once per shape. Kysely builds an operation tree and
 * walks it to SQL on every `.compile()`; for the hot statements whose text
 * depends only on the shape of their input (checkout's), that is work — and
 * garbage — repeated per request for the same text. A shape compiles its
 * statement once, with every leaf value of the input replaced by a unique
 * symbol, and records which parameter is which leaf; later calls with input
 * of the same shape bind the caller's leaves into those slots and reuse the
 * very same SQL string (so the prepared-statement name lookup hashes it once:
 * ./statement-names.ts). Only Kysely's public API is used (CompiledQuery.raw).
 *
 * The shape of an input is its structure: object keys in order, array
 * lengths, which values are null or undefined, and the value of booleans
 * (builders may branch on those). Strings, numbers, bigints and Dates are
 * the bound values. An input is matched against the shapes seen so far by
 * walking it beside each one's structure, which allocates nothing. A builder must pass those into the statement as
 * parameters unchanged: a symbol cannot be concatenated, compared or
 * computed with (TypeError at the shape's first compile), and a parameter
 * that is neither a leaf nor free of leaves refuses the shape. What a symbol
 * cannot catch (a value tested for equality, or stringified as JSON) is
 * caught under NODE_ENV=test: every call is then also compiled fresh and
 * must give the same text and parameters (tests/lib/statement-shapes.test.ts).
 */
import { CompiledQuery } from 'kysely';
import type { Trx } from './index.js';

type Leaf = string | number | bigint | Date;

/** An input's structure: what a later input must repeat to reuse the statement. */
type Node =
  | { kind: 'leaf' }
  | { kind: 'const'; value: null | undefined | boolean }
  | { kind: 'array'; items: Node[] }
  | { kind: 'object'; keys: string[]; values: Node[] };

interface Shape {
  node: Node;
  sql: string;
  /** Per parameter: the input leaf it binds (index), or the constant it always is. */
  slots: ({ leaf: number } | { value: unknown })[];
}

/** Each shape's cache is bounded: a key space that grows past it is not a fixed shape. */
const MAX_SHAPES = 64;

const VERIFY = process.env.NODE_ENV === 'test';

function isLeaf(v: unknown): v is Leaf {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'bigint' || v instanceof Date;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const LEAF: Node = { kind: 'leaf' };

/** The structure of plain data (throws on anything else: class instances, functions, symbols). */
function structure(v: unknown): Node {
  if (isLeaf(v)) return LEAF;
  if (v === null || v === undefined || typeof v === 'boolean') return { kind: 'const', value: v };
  if (Array.isArray(v)) return { kind: 'array', items: v.map(structure) };
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    return { kind: 'object', keys, values: keys.map((k) => structure(v[k])) };
  }
  throw new Error(`statement shapes take plain data, not ${Object.prototype.toString.call(v)}`);
}

/** True when `v` has structure `n`; its leaves are pushed in the order the mirror numbers them. */
function matches(n: Node, v: unknown, leaves: Leaf[]): boolean {
  switch (n.kind) {
    case 'leaf':
      if (!isLeaf(v)) return false;
      leaves.push(v);
      return true;
    case 'const':
      return v === n.value;
    case 'array':
      if (!Array.isArray(v) || v.length !== n.items.length) return false;
      for (let i = 0; i < v.length; i++) if (!matches(n.items[i]!, v[i], leaves)) return false;
      return true;
    case 'object': {
      if (!isPlainObject(v)) return false;
      let i = 0;
      for (const key in v) {
        if (key !== n.keys[i] || !matches(n.values[i]!, v[key], leaves)) return false;
        i++;
      }
      return i === n.keys.length;
    }
  }
}

/** The input with every leaf replaced by a symbol; `symbols[i]` stands for leaf i. */
function mirror(v: unknown, symbols: symbol[]): unknown {
  if (isLeaf(v)) {
    const s = Symbol(`leaf${symbols.length}`);
    symbols.push(s);
    return s;
  }
  if (Array.isArray(v)) return v.map((x) => mirror(x, symbols));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const key in v) out[key] = mirror(v[key], symbols);
    return out;
  }
  return v;
}

function compileShape<I>(trx: Trx, input: I, build: (trx: Trx, input: I) => CompiledQuery): Shape {
  const symbols: symbol[] = [];
  const compiled = build(trx, mirror(input, symbols) as I);
  const index = new Map(symbols.map((s, i) => [s, i]));
  const slots = compiled.parameters.map((p) => {
    if (typeof p === 'symbol') {
      const leaf = index.get(p);
      if (leaf === undefined) throw new Error('statement shape: a parameter is a foreign symbol');
      return { leaf };
    }
    if (containsSymbol(p)) throw new Error('statement shape: a parameter is computed from input values');
    return { value: p };
  });
  return { node: structure(input), sql: compiled.sql, slots };
}

function containsSymbol(v: unknown): boolean {
  if (typeof v === 'symbol') return true;
  if (Array.isArray(v)) return v.some(containsSymbol);
  if (isPlainObject(v)) return Object.values(v).some(containsSymbol);
  return false;
}

/**
 * A statement compiled once per input shape. `build` must be a pure function
 * of its input (no clock, no randomness: pass those in) that puts each leaf
 * value into the statement as a parameter, unchanged.
 */
export function statementShape<I>(
  name: string,
  build: (trx: Trx, input: I) => CompiledQuery,
): (trx: Trx, input: I) => CompiledQuery {
  const shapes: Shape[] = [];
  return (trx, input) => {
    const leaves: Leaf[] = [];
    let shape = shapes.find((s) => {
      leaves.length = 0;
      return matches(s.node, input, leaves);
    });
    if (!shape) {
      try {
        shape = compileShape(trx, input, build);
      } catch (err) {
        // Not plain data, or a builder that computes with its input: compiled
        // fresh every time (a bug the shape's test reports under NODE_ENV=test).
        if (VERIFY) throw err;
        return build(trx, input);
      }
      if (shapes.length < MAX_SHAPES) shapes.push(shape);
      leaves.length = 0;
      matches(shape.node, input, leaves);
    }
    const { slots } = shape;
    const parameters: unknown[] = new Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      parameters[i] = 'leaf' in slot ? leaves[slot.leaf] : slot.value;
    }
    const compiled = CompiledQuery.raw(shape.sql, parameters);
    if (VERIFY) assertSameAsFresh(name, compiled, build(trx, input));
    return compiled;
  };
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/** Under NODE_ENV=test: the cached statement must be exactly what a fresh compile gives. */
export function assertSameAsFresh(name: string, cached: CompiledQuery, fresh: CompiledQuery): void {
  const params = cached.parameters;
  if (
    cached.sql !== fresh.sql ||
    params.length !== fresh.parameters.length ||
    params.some((p, i) => !same(p, fresh.parameters[i]))
  ) {
    throw new Error(`statement shape ${name}: the cached statement differs from a fresh compile`);
  }
}
