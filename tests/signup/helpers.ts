/** Shared input for signup tests. */
import { uniq } from '../support/factories.js';

export const GOOD_PASSWORD = 'plum-orchard-rain-42';

export function signupBody(over: Record<string, unknown> = {}) {
  const handle = uniq('shop');
  return {
    email: `${handle}@example.test`,
    password: GOOD_PASSWORD,
    storeName: `Shop ${handle}`,
    handle,
    ...over,
  };
}
