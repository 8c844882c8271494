/**
 * Sample reviews of a store template (`tenant-templates/<name>/reviews.json`,
 * optional), written when a store is provisioned so a new store shows the
 * reviews feature. Validated by zod at load; a review of a product the
 * template does not have is skipped by the insert itself.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Trx } from '../../lib/db/index.js';
import { insertSampleReview } from './repository.js';

export const ZTemplateReviews = z
  .object({
    reviews: z
      .array(
        z
          .object({
            product: z.string().min(1).max(200),
            author: z.string().min(1).max(80),
            rating: z.number().int().min(1).max(5),
            title: z.string().max(150).optional(),
            body: z.string().min(1).max(5000),
            daysAgo: z.number().int().min(0).max(3650),
            reply: z.string().min(1).max(5000).optional(),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();

/** The template's sample reviews, or none when the file is absent. Invalid → throws with the file name. */
export async function loadTemplateReviews(
  templateDir: string,
): Promise<z.infer<typeof ZTemplateReviews>['reviews']> {
  const file = path.join(templateDir, 'reviews.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const r = ZTemplateReviews.safeParse(JSON.parse(text));
  if (!r.success)
    throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data.reviews;
}

/** Writes the template's sample reviews into a new store (inside its provisioning transaction). */
export async function seedTemplateReviews(
  trx: Trx,
  tenantId: string,
  templateDir: string,
  now: Date,
): Promise<number> {
  const reviews = await loadTemplateReviews(templateDir);
  for (const r of reviews) {
    await insertSampleReview(trx, tenantId, {
      handle: r.product,
      author: r.author,
      rating: r.rating,
      title: r.title ?? null,
      body: r.body,
      at: new Date(now.getTime() - r.daysAgo * 86_400_000),
      reply: r.reply ?? null,
    });
  }
  return reviews.length;
}
