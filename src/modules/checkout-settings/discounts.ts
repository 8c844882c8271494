/**
 * A discount code at checkout: claimed (one use, guarded — a usage limit can't
 * be passed) or refused with the shopper's reason; previewed by the quote
 * without claiming.
 */
import type { CompiledQuery } from 'kysely';
import { pipelinedStatements, type Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import * as repo from './repository.js';

/**
 * Claims one use of `code` for a checkout of `subtotal` at `now`, or throws:
 * unknown, inactive, outside its dates or below the minimum → 400
 * validation_failed (the shopper must change the code); no uses left → 409
 * conflict (another checkout took the last one).
 */
export async function claimDiscount(
  trx: Trx,
  tenantId: string,
  code: string,
  subtotal: number,
  now: Date,
): Promise<repo.DiscountRow> {
  const claim = discountClaim(trx, tenantId, code, subtotal, now);
  const [rows] = await pipelinedStatements(trx, [claim.query]);
  return claim.settle(rows ?? []);
}

/**
 * claimDiscount as a statement to send with others in one round trip
 * (pipelinedStatements; checkout sends it behind its stock reservations):
 * `settle` takes the statement's rows and returns the claimed code or throws
 * what claimDiscount throws (reading the code once more to say why).
 */
export function discountClaim(
  trx: Trx,
  tenantId: string,
  code: string,
  subtotal: number,
  now: Date,
): { query: CompiledQuery; settle: (rows: readonly unknown[]) => Promise<repo.DiscountRow> } {
  return {
    query: repo.claimDiscountUseQuery(trx, tenantId, code, subtotal, now).compile(),
    settle: async (rows) => {
      const claimed = rows[0] as repo.DiscountRow | undefined;
      if (claimed) return claimed;
      const refusal = discountRefusal(await repo.findDiscountCodeByCode(trx, tenantId, code), subtotal, now);
      if (refusal && refusal !== USED_UP) {
        throw new AppError('validation_failed', refusal, {
          issues: [{ path: 'discountCode', message: refusal }],
        });
      }
      throw new AppError('conflict', USED_UP, { issues: [{ path: 'discountCode', message: 'Used up' }] });
    },
  };
}

const USED_UP = 'This discount code has been used up';

/**
 * Why `row` does not apply to a cart of `subtotal` at `now` (a shopper's
 * sentence), or null when it applies; checks what `claimDiscountUseQuery` guards,
 * without claiming (the checkout quote uses it).
 */
export function discountRefusal(
  row: repo.DiscountRow | undefined,
  subtotal: number,
  now: Date,
): string | null {
  if (!row?.active) return 'This discount code is not valid';
  if (row.starts_at && new Date(row.starts_at) > now) return 'This discount code is not active yet';
  if (row.ends_at && new Date(row.ends_at) <= now) return 'This discount code has expired';
  if (subtotal < row.min_subtotal) return 'The order is below this discount code’s minimum';
  if (row.usage_limit !== null && row.used_count >= row.usage_limit) return USED_UP;
  return null;
}

/** The discount `code` would give a cart of `subtotal` now, or why it would not (nothing claimed). */
export async function previewDiscount(
  trx: Trx,
  tenantId: string,
  code: string,
  subtotal: number,
  now: Date,
): Promise<{ discount: repo.DiscountRow | null; refusal: string | null }> {
  const row = await repo.findDiscountCodeByCode(trx, tenantId, code);
  const refusal = discountRefusal(row, subtotal, now);
  return { discount: refusal ? null : (row ?? null), refusal };
}
