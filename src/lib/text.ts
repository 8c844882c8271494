/**
 * What text we accept from outside: no C0 control characters except tab,
 * newline and carriage return (PostgreSQL refuses NUL in text, 22021, and
 * the others are never meaningful in our data), and well-formed UTF-16 (a
 * lone surrogate cannot be stored as UTF-8). Used by `zText` in schemas and
 * by the central input guard (src/lib/http/input-guard.ts) for every JSON
 * body, form body, query string and path.
 */
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const TEXT_RULE = 'must not contain control characters or invalid Unicode';

/** True when `s` may be stored: no forbidden control character, no lone surrogate. */
export function isSafeText(s: string): boolean {
  return !FORBIDDEN_CONTROL.test(s) && !LONE_SURROGATE.test(s);
}

/** A string schema that refuses control characters and lone surrogates (400 validation_failed). */
export function zText() {
  return z.string().refine(isSafeText, { message: TEXT_RULE });
}

/**
 * The first unsafe string in a parsed JSON value (keys included), as a path
 * like `items.0.title`, or undefined when everything is safe. Depth-limited.
 */
export function findUnsafeText(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return isSafeText(value) ? undefined : path || '(value)';
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (!isSafeText(k)) return p;
    const bad = findUnsafeText(v, p, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}
