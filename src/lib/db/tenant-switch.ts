/**
 * Switching a platform transaction into one tenant, and back, without
 * committing in between — for the one unit of work that must create a tenant
 * (a platform write: the app role cannot insert into `tenants`) and fill it
 * (tenant writes) atomically: provisioning a store (src/flows/provision-store.ts).
 *
 * !!! SECURITY CHOKE POINT — tenant isolation !!!
 * This is the ONLY place besides withTenant (./index.ts) that sets
 * `app.tenant_id`. Inside `fn` the transaction is exactly a withTenant
 * transaction: the platform role is dropped (SET LOCAL ROLE NONE → the
 * session's storeloom_app, whose RLS policies see only `tenantId`), and
 * `app.tenant_id` is set transaction-locally. Afterwards the platform role is
 * re-entered and the tenant cleared. Everything dies with the transaction
 * either way (SET LOCAL / set_config(…, true)). Call it only from code that
 * holds a withPlatformAccess transaction and has just created `tenantId`;
 * never with an id taken from request input.
 */
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { isUuid, PLATFORM_TENANT_ID, type Trx } from './index.js';

export async function asTenantWithinPlatformTransaction<T>(
  trx: Trx,
  tenantId: string,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> {
  if (!isUuid(tenantId) || tenantId === PLATFORM_TENANT_ID) {
    throw new AppError(
      'internal_error',
      'asTenantWithinPlatformTransaction called without a valid tenant id',
    );
  }
  await sql`set local role none`.execute(trx);
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
  const result = await fn(trx);
  await sql`select set_config('app.tenant_id', '', true)`.execute(trx);
  await sql`set local role storeloom_platform`.execute(trx);
  return result;
}
