/** The ledger actor for an admin request: the signed-in merchant. */
import type { AppEnv } from '../../lib/http/context.js';
import type { StockActor } from '../inventory/service.js';

export function actorOf(c: { get(key: 'principal'): AppEnv['Variables']['principal'] }): StockActor {
  const p = c.get('principal');
  return p?.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'system' };
}
