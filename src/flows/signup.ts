/**
 * Signup, the flow: validate the handle (rules), the password (the one
 * policy, src/modules/auth/password-policy.ts) and the template, hand over to
 * the provisioning flow, forget any cached "no such store" for the host, and
 * issue the merchant's first access token. `createAnotherStore` is the same
 * without account fields, for a signed-in merchant.
 *
 * An email that already belongs to a user is 409 email_taken: signup is for
 * new merchants. An existing merchant opens another store after signing in
 * (the admin's "new store" action), so a password typed on a public form can
 * never attach a store to someone else's account. The one exception is an
 * identical retry (same email, handle and password) within minutes of a
 * successful signup, which returns the same store (see provision-store.ts).
 */
import { issueUserToken } from '../lib/auth/tokens.js';
import { AppError, type ErrorIssue } from '../lib/errors.js';
import type { Deps } from '../lib/http/context.js';
import { checkPasswordStrength } from '../modules/auth/password-policy.js';
import { checkHandleRules } from '../modules/signup/handle-rules.js';
import type { CreateStoreInput, SignupInput } from '../modules/signup/schemas.js';
import { DEFAULT_TEMPLATE } from '../modules/signup/service.js';
import { getTemplate, loadTemplates } from '../modules/stores/templates.js';
import { forgetSite } from '../modules/tenancy/site.js';
import {
  type ProvisionOptions,
  type ProvisionResult,
  provisionStore,
  provisionStoreForUser,
} from './provision-store.js';

export interface SignupResult extends ProvisionResult {
  accessToken: string;
  expiresIn: number;
}

function invalid(issues: ErrorIssue[]): AppError {
  return new AppError('validation_failed', 'The request is not valid', { issues });
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
  if (issues.length || !template) throw invalid(issues);

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
  if (issues.length || !template) throw invalid(issues);
  const result = await provisionStoreForUser(deps, userId, {
    storeName: input.storeName,
    handle: rules.handle,
    template,
    ip: ctx.ip,
  });
  forgetSite(result.store.handle);
  return result;
}
