/**
 * Signup's own rules and reads: whether a handle can be used (rules +
 * reserved + unique, case-insensitive) and the template picker. Creating the
 * account and store is a flow (src/flows/signup.ts), which uses these.
 */

import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { loadTemplates, templateAssetUrl } from '../stores/templates.js';
import { findTenantByHandle } from '../tenancy/repository.js';
import { checkHandleRules } from './handle-rules.js';
import type { HandleAvailability, TemplateSummary } from './schemas.js';

export const DEFAULT_TEMPLATE = 'blank';

/** Platform read: is a handle already used by any store (any status)? */
async function handleExists(deps: Deps, handle: string): Promise<boolean> {
  // Platform access: uniqueness spans every tenant by definition.
  const row = await withPlatformAccess(deps.db, (trx) => findTenantByHandle(trx, handle));
  return row !== undefined;
}

/** For the live check on the signup page: rules first, then the database. */
export async function checkHandleAvailability(deps: Deps, raw: string): Promise<HandleAvailability> {
  const rules = checkHandleRules(raw);
  if (!rules.ok)
    return { handle: rules.handle, available: false, reason: rules.problem, message: rules.message };
  if (await handleExists(deps, rules.handle))
    return { handle: rules.handle, available: false, reason: 'taken', message: 'This address is taken' };
  return { handle: rules.handle, available: true };
}

/** Templates for the picker: name, colours and a few product images. */
export async function listTemplateSummaries(): Promise<TemplateSummary[]> {
  const all = [...(await loadTemplates()).values()];
  const order = (n: string) => (n === DEFAULT_TEMPLATE ? 1 : 0);
  return all
    .sort(
      (a, b) =>
        order(a.manifest.name) - order(b.manifest.name) || a.manifest.name.localeCompare(b.manifest.name),
    )
    .map((t) => ({
      name: t.manifest.name,
      title: t.manifest.title,
      description: t.manifest.description,
      currency: t.manifest.currency,
      productCount: t.catalog.products.length,
      colors: t.manifest.theme.colors,
      previewImages: t.catalog.products
        .filter((p) => p.images[0])
        .slice(0, 4)
        .map((p) => templateAssetUrl(t.manifest.name, p.images[0]!.file)),
    }));
}
