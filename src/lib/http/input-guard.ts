/**
 * The central guard for hostile input (issue #11 item 7), mounted in
 * src/app.ts after the body limit: before any route runs, the path, the query
 * string, and JSON or form bodies are decoded once and refused with 400
 * validation_failed when the percent-encoding is malformed or a value holds a
 * control character or a lone surrogate (src/lib/text.ts). Routes then read
 * the same bodies from Hono's cache, so nothing is parsed twice. Malformed
 * JSON is left to the route's validator (400 invalid_json).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import { findUnsafeText, isSafeText, TEXT_RULE } from '../text.js';
import type { AppEnv } from './context.js';

function refuse(where: string, message = TEXT_RULE): AppError {
  return new AppError('validation_failed', 'The request is not valid', {
    issues: [{ path: where, message }],
  });
}

function decode(raw: string, where: string, plusIsSpace: boolean): string {
  // Nothing to decode (the common path): decodeURIComponent would return the same string.
  if (!raw.includes('%') && !(plusIsSpace && raw.includes('+'))) return raw;
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    throw refuse(where, 'malformed percent-encoding');
  }
}

/** Checks a urlencoded string (query string or form body): every name and value. */
function checkUrlEncoded(raw: string, where: string): void {
  if (!raw) return;
  for (const pair of raw.split('&')) {
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq), where, true);
    if (!isSafeText(name)) throw refuse(where);
    if (eq < 0) continue;
    if (!isSafeText(decode(pair.slice(eq + 1), `${where}.${name}`, true))) throw refuse(`${where}.${name}`);
  }
}

function checkUrl(c: Context): void {
  const url = c.req.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const q = url.indexOf('?', start);
  const rawPath = url.slice(start < 0 ? url.length : start, q < 0 ? undefined : q);
  const path = decode(rawPath, 'path', false);
  if (!isSafeText(path)) throw refuse('path');
  if (q >= 0) checkUrlEncoded(url.slice(q + 1).split('#')[0]!, 'query');
}

async function checkBody(c: Context): Promise<void> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (/^application\/(.+\+)?json/.test(type)) {
    const text = await c.req.text();
    // Without a backslash every string JSON.parse would produce (keys and values) is a piece of
    // the raw text between two quotes, so a raw text that is safe has only safe strings: no need to
    // parse it here (malformed JSON is the route validator's 400 invalid_json either way).
    if (!text.includes('\\') && isSafeText(text)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // the route's validator answers 400 invalid_json
    }
    const bad = findUnsafeText(parsed);
    if (bad) throw refuse(`body.${bad}`);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    checkUrlEncoded(await c.req.text(), 'body');
  }
}

export function rejectHostileInput(): MiddlewareHandler<AppEnv> {
  // Not async: a request without a body to read passes with no frame of its own.
  return (c, next) => {
    checkUrl(c);
    const method = c.req.method;
    // Signed provider webhooks (/webhooks/*) verify their raw body themselves.
    const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (hasBody && !c.req.path.startsWith('/webhooks/')) return checkBody(c).then(next);
    return next();
  };
}
