/**
 * Customer-care settings per store: review moderation (publish immediately or
 * hold; the block list always holds), whether reviews need a purchase, the
 * review-request delay, the return window, ticket SLA targets and auto-close.
 * Also the one check "does this text need a human?" used by reviews.
 */
import { z } from 'zod';
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import * as repo from './repository.js';

export const ZCareSettings = z
  .object({
    reviewModeration: z.enum(['publish', 'hold']),
    reviewRequiresPurchase: z.boolean(),
    blockList: z.array(z.string().trim().min(1).max(60)).max(200),
    reviewRequestDays: z.number().int().min(0).max(90),
    returnWindowDays: z.number().int().min(0).max(365),
    firstResponseHours: z.number().int().min(1).max(720),
    resolutionHours: z.number().int().min(1).max(2160),
    autoCloseDays: z.number().int().min(1).max(90),
  })
  .strict();
export type CareSettings = z.infer<typeof ZCareSettings>;

export const DEFAULT_CARE_SETTINGS: CareSettings = {
  reviewModeration: 'publish',
  reviewRequiresPurchase: false,
  blockList: [],
  reviewRequestDays: 7,
  returnWindowDays: 30,
  firstResponseHours: 24,
  resolutionHours: 72,
  autoCloseDays: 7,
};

export async function readCareSettings(trx: Trx, tenantId: string): Promise<CareSettings> {
  const r = await repo.readSettingsRow(trx, tenantId);
  if (!r) return DEFAULT_CARE_SETTINGS;
  return {
    reviewModeration: r.review_moderation,
    reviewRequiresPurchase: r.review_requires_purchase,
    blockList: r.block_list,
    reviewRequestDays: r.review_request_days,
    returnWindowDays: r.return_window_days,
    firstResponseHours: r.first_response_hours,
    resolutionHours: r.resolution_hours,
    autoCloseDays: r.auto_close_days,
  };
}

export function getCareSettings(db: Db, tenantId: string): Promise<CareSettings> {
  return withTenant(db, tenantId, (trx) => readCareSettings(trx, tenantId));
}

export function updateCareSettings(db: Db, tenantId: string, input: CareSettings): Promise<CareSettings> {
  const s = ZCareSettings.parse(input);
  const blockList = [...new Set(s.blockList.map((w) => w.toLowerCase()))];
  return withTenant(db, tenantId, async (trx) => {
    await repo.writeSettingsRow(trx, tenantId, {
      review_moderation: s.reviewModeration,
      review_requires_purchase: s.reviewRequiresPurchase,
      block_list: blockList,
      review_request_days: s.reviewRequestDays,
      return_window_days: s.returnWindowDays,
      first_response_hours: s.firstResponseHours,
      resolution_hours: s.resolutionHours,
      auto_close_days: s.autoCloseDays,
    });
    return { ...s, blockList };
  });
}

const LINK_RE = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|net|org|io|ru|cn|xyz|info|biz|top|shop|link)\b)/i;

/** Why a text must be held for a human (a link, or a blocked word), or null. */
export function holdReason(text: string, blockList: readonly string[]): string | null {
  if (LINK_RE.test(text)) return 'contains a link';
  const lower = text.toLowerCase();
  for (const w of blockList) {
    const re = new RegExp(
      `(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`,
      'u',
    );
    if (re.test(lower)) return `contains a blocked word (${w})`;
  }
  return null;
}

export { nextNumber } from './repository.js';
