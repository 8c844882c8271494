/**
 * The POST forms of /admin/promotion-rules (admin role): create, pause /
 * resume, auto-apply on / off, delete, propose now, approve (with the
 * merchant's discount and length) and reject. Each redirects back (303) with
 * a notice code; a bad form re-renders with the typed values and messages.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { approveProposal, rejectProposal } from '../../modules/promotion-rules/offers.js';
import { runProposalsJob } from '../../modules/promotion-rules/propose.js';
import { storeActorOf } from '../../modules/promotion-rules/routes.js';
import {
  createPromotionRule,
  deletePromotionRule,
  getPromotionRule,
  updatePromotionRule,
} from '../../modules/promotion-rules/service.js';
import { adminGuard } from './layout.js';
import { renderPromotionRules } from './promotion-rules.js';
import { parseApproveForm, parseRuleForm, type RuleFormValues } from './promotion-rules-form.js';

type Ctx = Context<AppEnv>;
const BACK = '/admin/promotion-rules';
const back = (c: Ctx, notice: string) => c.redirect(`${BACK}?notice=${notice}`, 303);

async function formValues(c: Ctx): Promise<RuleFormValues> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => [k, (v as string).slice(0, 300)]),
  );
}

/** A decided or replaced proposal → the "stale" notice instead of an error page. */
async function decide(c: Ctx, run: () => Promise<unknown>, notice: string) {
  try {
    await run();
  } catch (err) {
    if (err instanceof AppError && (err.code === 'invalid_state' || err.code === 'not_found'))
      return back(c, 'stale');
    throw err;
  }
  return back(c, notice);
}

/** Mounted by src/web/routes.ts. */
export const promotionRuleActions = new Hono<AppEnv>()
  .use('/admin/*', onlyOn('store'))
  .post(BACK, ...adminGuard('admin'), async (c) => {
    const values = await formValues(c);
    const { input, errors } = parseRuleForm(values, storeOf(c).currency);
    if (!input) return renderPromotionRules(c, values, errors);
    const deps = c.get('deps');
    await createPromotionRule(deps.db, storeOf(c).id, input, deps.now(), storeActorOf(c));
    return back(c, 'created');
  })
  .post(`${BACK}/propose`, ...adminGuard('admin'), async (c) => {
    const deps = c.get('deps');
    const now = deps.now();
    await runProposalsJob(deps.db, storeOf(c).id, `admin:${now.toISOString()}`, now);
    return back(c, 'proposed');
  })
  .post(`${BACK}/:id/toggle`, ...adminGuard('admin'), async (c) => {
    const deps = c.get('deps');
    const id = c.req.param('id');
    const field = (await formValues(c)).field === 'autoApply' ? 'autoApply' : 'active';
    const rule = await getPromotionRule(deps.db, storeOf(c).id, id);
    await updatePromotionRule(
      deps.db,
      storeOf(c).id,
      id,
      { [field]: !rule[field] },
      deps.now(),
      storeActorOf(c),
    );
    return back(c, 'updated');
  })
  .post(`${BACK}/:id/delete`, ...adminGuard('admin'), async (c) => {
    await deletePromotionRule(c.get('deps').db, storeOf(c).id, c.req.param('id'), storeActorOf(c));
    return back(c, 'deleted');
  })
  .post('/admin/promotion-proposals/:id/approve', ...adminGuard('admin'), async (c) => {
    const deps = c.get('deps');
    const values = await formValues(c);
    const id = c.req.param('id');
    const { edit, errors } = parseApproveForm(values);
    if (!edit) return renderPromotionRules(c, undefined, {}, { id, values, errors });
    return decide(
      c,
      () => approveProposal(deps.db, storeOf(c).id, id, edit, deps.now(), storeActorOf(c)),
      'approved',
    );
  })
  .post('/admin/promotion-proposals/:id/reject', ...adminGuard('admin'), async (c) => {
    const deps = c.get('deps');
    const id = c.req.param('id');
    return decide(
      c,
      () => rejectProposal(deps.db, storeOf(c).id, id, deps.now(), storeActorOf(c)),
      'rejected',
    );
  });
