/** Zod schemas of the reviews' inputs and outputs (store and admin API). */
import { z } from '../../lib/http/openapi.js';
import { isSafeText, TEXT_RULE } from '../../lib/text.js';

/** Text from a shopper: trimmed, bounded; HTML is kept as typed and always shown as text. */
export const careText = (max: number) => z.string().trim().max(max).refine(isSafeText, TEXT_RULE);

export const ZPostReview = z
  .object({
    rating: z.number().int().min(1, 'Choose 1 to 5 stars').max(5, 'Choose 1 to 5 stars'),
    title: careText(150).optional(),
    body: careText(5000).pipe(z.string().min(1, 'Write a few words about the product')),
  })
  .strict()
  .openapi('PostReview');
export type PostReviewInput = z.infer<typeof ZPostReview>;

export const ZReviewSort = z.enum(['newest', 'helpful', 'rating_desc', 'rating_asc']);

export const ZReviewsQuery = z
  .object({ cursor: z.string().max(20).optional(), sort: ZReviewSort.optional() })
  .strict();

export const ZReview = z
  .object({
    id: z.string(),
    rating: z.number().int(),
    title: z.string().nullable(),
    body: z.string(),
    author: z.string(),
    verifiedPurchase: z.boolean(),
    helpful: z.number().int(),
    createdAt: z.string(),
    reply: z.object({ body: z.string(), createdAt: z.string() }).optional(),
  })
  .openapi('Review');
export type Review = z.infer<typeof ZReview>;

export const ZReviewSummary = z
  .object({ average: z.number().nullable(), count: z.number().int(), histogram: z.array(z.number().int()) })
  .openapi('ReviewSummary');
export type ReviewSummary = z.infer<typeof ZReviewSummary>;

export const ZReviewPage = z
  .object({ summary: ZReviewSummary, items: z.array(ZReview), nextCursor: z.string().nullable() })
  .openapi('ReviewPage');

export const ZAdminReview = ZReview.extend({
  status: z.enum(['pending', 'published', 'rejected']),
  heldReason: z.string().nullable(),
  product: z.object({ id: z.string(), title: z.string(), handle: z.string() }),
}).openapi('AdminReview');
export type AdminReview = z.infer<typeof ZAdminReview>;

export const ZAdminReviewsQuery = z
  .object({
    status: z.enum(['pending', 'published', 'rejected']).optional(),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const ZReply = z
  .object({ body: careText(5000).pipe(z.string().min(1, 'Write a reply')) })
  .strict()
  .openapi('ReviewReply');
