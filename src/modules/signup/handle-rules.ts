/**
 * Store handle rules (the DNS label of `{handle}.{apex}`): 3–40 characters of
 * a-z, 0-9 and '-', not starting or ending with '-', no '--' (reserved for
 * punycode-like labels), and not a reserved word. Handles are compared
 * case-insensitively: input is lower-cased before the rules apply, and the
 * `tenants.handle` column is citext with a unique index.
 */

export const HANDLE_MIN = 3;
export const HANDLE_MAX = 40;

/** Names the platform keeps for itself (hosts, product areas, confusable brand names). */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  'www',
  'admin',
  'administrator',
  'api',
  'console',
  'app',
  'apps',
  'mail',
  'email',
  'smtp',
  'imap',
  'pop',
  'mx',
  'ftp',
  'sftp',
  'ssh',
  'vpn',
  'ns',
  'ns1',
  'ns2',
  'dns',
  'static',
  'assets',
  'cdn',
  'media',
  'img',
  'images',
  'files',
  'uploads',
  'status',
  'help',
  'support',
  'docs',
  'doc',
  'blog',
  'dev',
  'developer',
  'developers',
  'staging',
  'stage',
  'test',
  'testing',
  'sandbox',
  'preview',
  'beta',
  'alpha',
  'platform',
  'storeloom',
  'billing',
  'login',
  'logout',
  'signin',
  'signout',
  'signup',
  'register',
  'auth',
  'oauth',
  'sso',
  'account',
  'accounts',
  'dashboard',
  'root',
  'system',
  'internal',
  'security',
  'abuse',
  'postmaster',
  'hostmaster',
  'webmaster',
  'noreply',
  'no-reply',
  'info',
  'news',
  'about',
  'pricing',
  'legal',
  'terms',
  'privacy',
  'careers',
  'jobs',
  'press',
  'partners',
  'affiliates',
  'store',
  'stores',
  'shop',
  'shops',
  'checkout',
  'cart',
  'pay',
  'payments',
  'webhooks',
  'webhook',
  'graphql',
  'rest',
  'health',
  'healthz',
  'readyz',
  'metrics',
  'monitoring',
  'grafana',
  'kibana',
  'mailbox',
  'localhost',
  'template-assets',
  'templates',
  'static-assets',
  'www1',
  'www2',
  'web',
  'portal',
  'cloud',
  'service',
  'services',
  'community',
  'forum',
  'forums',
  'status-page',
  'staff',
  'team',
  'owner',
  'superuser',
]);

export type HandleProblem = 'too_short' | 'too_long' | 'invalid_characters' | 'bad_dash' | 'reserved';

export interface HandleCheck {
  handle: string;
  ok: boolean;
  problem?: HandleProblem;
  message?: string;
}

/** Lower-cases and trims; the rules below apply to the result. */
export function normaliseHandle(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Syntactic rules and reserved words (uniqueness is a database question; see the service). */
export function checkHandleRules(raw: string): HandleCheck {
  const handle = normaliseHandle(raw);
  const fail = (problem: HandleProblem, message: string): HandleCheck => ({
    handle,
    ok: false,
    problem,
    message,
  });
  if (handle.length < HANDLE_MIN) return fail('too_short', `Use at least ${HANDLE_MIN} characters`);
  if (handle.length > HANDLE_MAX) return fail('too_long', `Use at most ${HANDLE_MAX} characters`);
  if (!/^[a-z0-9-]+$/.test(handle))
    return fail('invalid_characters', 'Use only letters a–z, digits and dashes');
  if (handle.startsWith('-') || handle.endsWith('-') || handle.includes('--'))
    return fail('bad_dash', 'A dash cannot start or end the address, or follow another dash');
  if (RESERVED_HANDLES.has(handle)) return fail('reserved', 'This address is reserved; choose another');
  return { handle, ok: true };
}
