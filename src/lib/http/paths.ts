/** Which request paths are machine APIs (bearer tokens, webhooks, probes) rather than pages. */

/** Paths that never use cookie sessions or CSRF checks (bearer-token APIs, webhooks, probes). */
export function isApiPath(path: string): boolean {
  return (
    path.startsWith('/api/') ||
    path === '/api' ||
    path.startsWith('/webhooks/') ||
    path === '/healthz' ||
    path === '/readyz'
  );
}
