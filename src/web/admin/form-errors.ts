/**
 * Form helpers for admin pages: a zod failure becomes one human message per
 * field (shown next to the field by the UI kit's controls), and the typed
 * values are handed back so nothing the merchant typed is lost.
 */
import type { ZodError } from 'zod';

export type FieldErrors = Record<string, string>;

/** The first message per top-level field name. */
export function fieldErrors(err: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    const key = String(issue.path[0] ?? '_form');
    out[key] ??= issue.message;
  }
  return out;
}

/** The form's string fields (files and repeated keys: the last value). */
export async function formStrings(req: {
  parseBody(opts?: { all?: boolean }): Promise<Record<string, unknown>>;
}) {
  const body = await req.parseBody({ all: true });
  const out: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const vals = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    lists[k] = vals;
    if (vals.length > 0) out[k] = vals[vals.length - 1]!;
  }
  return { values: out, lists };
}
