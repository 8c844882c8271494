/** Restock settings: service level, cover days and history window, read and patched in the caller's transaction. */
import type { Trx } from '../../lib/db/index.js';
import { findRestockSettings, saveRestockSettings } from './repository/settings.js';
import type { RestockSettings } from './schemas.js';

export async function getRestockSettings(trx: Trx, tenantId: string): Promise<RestockSettings> {
  return findRestockSettings(trx, tenantId);
}

export async function updateRestockSettings(
  trx: Trx,
  tenantId: string,
  patch: Partial<RestockSettings>,
): Promise<RestockSettings> {
  const next = { ...(await findRestockSettings(trx, tenantId)), ...patch };
  await saveRestockSettings(trx, tenantId, next);
  return next;
}
