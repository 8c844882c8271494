/**
 * A new store's presentation from its template: the settings row (theme,
 * navigation, SEO, home, contact address) and the content pages. Runs in the
 * provisioning transaction, switched into the new tenant.
 */
import type { Trx } from '../../lib/db/index.js';
import { insertStorePages, insertStoreSettings } from './repository.js';
import type { TemplateManifest } from './templates.js';

export async function writeStorefrontFromTemplate(
  trx: Trx,
  tenantId: string,
  input: { manifest: TemplateManifest; storeName: string; contactEmail: string; now: Date },
): Promise<void> {
  const { manifest, storeName, now } = input;
  await insertStoreSettings(trx, tenantId, {
    template: manifest.name,
    tagline: manifest.tagline ?? null,
    theme: JSON.stringify(manifest.theme),
    navigation: JSON.stringify(manifest.navigation),
    seo: JSON.stringify({ title: storeName, description: manifest.tagline ?? manifest.description }),
    home: JSON.stringify(manifest.home),
    contact_email: input.contactEmail,
    updated_at: now,
  });
  await insertStorePages(
    trx,
    tenantId,
    manifest.pages.map((p, i) => ({
      slug: p.slug,
      title: p.title,
      body: p.body.replaceAll('{name}', storeName),
      published: true,
      position: i,
      updated_at: now,
    })),
  );
}
