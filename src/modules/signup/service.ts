/**
 * Signup rules: validate the handle (rules + reserved + unique,
 * case-insensitive), the password (src/modules/signup/password-policy.ts) and
 * the template, then hand over to the provisioning flow, and issue the
 * merchant's first access token.
 *
 * An email that already belongs to a user is 409 email_taken: signup is for
 * new merchants. An existing merchant opens another store after signing in
 * (the admin's "new store" action), so a password typed on a public form can
 * never attach a store to someone else's account. The one exception is an
 * identical retry (same email, handle and password) within minutes of a
 * successful signup, which returns the same store (see provision-store.ts).
 */

import {
  type ProvisionOptions,
  type ProvisionResult,
  provisionStore,
  provisionStoreForUser,
} from '../../flows/provision-store.js';
import { issueUserToken } from '../../lib/auth/tokens.js';
import { withPlatformAccess } from '../../lib/db/index.js';
import { AppError, type ErrorIssue } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { getTemplate, loadTemplates, templateAssetUrl } from '../stores/templates.js';
import { forgetSite } from '../tenancy/site.js';
import { checkHandleRules } from './handle-rules.js';
import { checkPasswordStrength } from './password-policy.js';
import type { CreateStoreInput, HandleAvailability, SignupInput, TemplateSummary } from './schemas.js';

export const DEFAULT_TEMPLATE = 'blank';

export interface SignupResult extends ProvisionResult {
  accessToken: string;
  expiresIn: number;
}

/** Platform read: is a handle already used by any store (any status)? */
async function handleExists(deps: Deps, handle: string): Promise<boolean> {
  // Platform access: uniqueness spans every tenant by definition.
  const row = await withPlatformAccess(deps.db, (trx) =>
    trx.selectFrom('tenants').select('id').where('handle', '=', handle).executeTakeFirst(),
  );
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

export async function signup(
  deps: Deps,
  input: SignupInput,
  ctx: { ip?: string } = {},
  opts: ProvisionOptions = {},
): Promise<SignupResult> {
  const issues: ErrorIssue[] = [];
  const rules = checkHandleRules(input.handle);
  if (!rules.ok) issues.push({ path: 'handle', message: rules.message ?? 'Not a valid store address' });
  const pw = checkPasswordStrength(input.password, [input.email, rules.handle]);
  if (!pw.ok) issues.push({ path: 'password', message: pw.message ?? 'Choose a stronger password' });
  const templateName = input.template ?? DEFAULT_TEMPLATE;
  const template = await getTemplate(templateName);
  if (!template) {
    const names = [...(await loadTemplates()).keys()].join(', ');
    issues.push({ path: 'template', message: `Unknown template "${templateName}"; choose one of ${names}` });
  }
  if (issues.length || !template)
    throw new AppError('validation_failed', 'The request is not valid', { issues });

  const result = await provisionStore(
    deps,
    {
      email: input.email,
      password: input.password,
      storeName: input.storeName,
      handle: rules.handle,
      template,
      ip: ctx.ip,
    },
    opts,
  );
  // A request for this host before signup may have cached "no such store".
  forgetSite(result.store.handle);
  const token = await issueUserToken(deps.keys, result.merchant.id, deps.config.ACCESS_TOKEN_TTL_SECONDS);
  return { ...result, accessToken: token.accessToken, expiresIn: token.expiresIn };
}

/** Another store for a signed-in merchant: same rules as signup, without account fields. */
export async function createAnotherStore(
  deps: Deps,
  userId: string,
  input: CreateStoreInput,
  ctx: { ip?: string } = {},
): Promise<ProvisionResult> {
  const issues: ErrorIssue[] = [];
  const rules = checkHandleRules(input.handle);
  if (!rules.ok) issues.push({ path: 'handle', message: rules.message ?? 'Not a valid store address' });
  const templateName = input.template ?? DEFAULT_TEMPLATE;
  const template = await getTemplate(templateName);
  if (!template) issues.push({ path: 'template', message: `Unknown template "${templateName}"` });
  if (issues.length || !template)
    throw new AppError('validation_failed', 'The request is not valid', { issues });
  const result = await provisionStoreForUser(deps, userId, {
    storeName: input.storeName,
    handle: rules.handle,
    template,
    ip: ctx.ip,
  });
  forgetSite(result.store.handle);
  return result;
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
