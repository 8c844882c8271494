/** Small helpers shared by the benchmarks that start servers of their own. */
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The scale benches' search terms (`scale`, `scale-statements`): one is a typo, to reach the trigram fallback. */
export const SCALE_SEARCH_TERMS = [
  'linen',
  'wool shirt',
  'ceramc mug',
  'lamp',
  'velvet',
  'oak chair',
  'copper',
];
