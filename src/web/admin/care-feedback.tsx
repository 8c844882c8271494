/**
 * Admin page /admin/feedback (staff to view, admin to change settings): CSAT
 * and review averages per month over the last 12 months, and the store's
 * customer-care settings (review moderation, block list, purchase
 * requirement, review-request delay, return window, SLA targets, auto-close).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import {
  type CareSettings,
  getCareSettings,
  updateCareSettings,
} from '../../modules/care-settings/service.js';
import { reviewAveragesByMonth } from '../../modules/reviews/moderation.js';
import { csatAveragesByMonth } from '../../modules/tickets/inbox.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { LineChart } from '../components/ui.js';
import { CareNav, noticeOf } from './care-common.js';
import { adminGuard, adminPage } from './layout.js';

type C = Context<AppEnv>;
type Monthly = { month: string; average: number; count: number };

function MonthTable(props: { caption: string; rows: Monthly[]; id: string }) {
  if (props.rows.length === 0) return <p>{props.caption}: no answers in the last 12 months yet.</p>;
  return (
    <>
      <LineChart
        points={props.rows.map((r) => ({ label: r.month, value: r.average }))}
        label={`${props.caption}, average per month (1–5)`}
        format={(v) => v.toFixed(1)}
      />
      <div class="table-wrap">
        <table class="table" id={props.id}>
          <caption style="text-align:left;font-weight:700">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Average (1–5)</th>
              <th scope="col">Answers</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{r.month}</td>
                <td>
                  <span class="bar" style={`width:${Math.round(r.average * 1.6)}rem`} aria-hidden="true" />{' '}
                  {r.average.toFixed(2)}
                </td>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const NUMBERS: [keyof CareSettings, string][] = [
  ['reviewRequestDays', 'Review request e-mail, days after shipping (0 = off)'],
  ['returnWindowDays', 'Return window, days after shipping'],
  ['firstResponseHours', 'Target: first reply within (hours)'],
  ['resolutionHours', 'Target: resolved within (hours)'],
  ['autoCloseDays', 'Close resolved or waiting tickets after (days)'],
];

async function feedbackPage(
  c: C,
  state?: { values: CareSettings; errors: Record<string, string>; message: string },
) {
  const db = c.get('deps').db;
  const t = storeOf(c);
  const [csat, reviews, settings] = await Promise.all([
    csatAveragesByMonth(db, t.id),
    reviewAveragesByMonth(db, t.id),
    getCareSettings(db, t.id),
  ]);
  const s = state?.values ?? settings;
  const e = state?.errors ?? {};
  return adminPage(
    c,
    {
      title: 'Feedback & settings',
      current: 'care',
      notice: noticeOf(c),
      error: state?.message,
      status: state ? 400 : 200,
    },
    <>
      <CareNav current="/admin/feedback" />
      <MonthTable caption="Customer satisfaction (CSAT)" rows={csat} id="csat-by-month" />
      <MonthTable caption="Published review ratings" rows={reviews} id="reviews-by-month" />
      <h2>Settings</h2>
      <form method="post" action="/admin/feedback" class="care-form">
        {csrfInput(c)}
        <fieldset>
          <legend>New reviews</legend>
          <label>
            <input
              type="radio"
              name="reviewModeration"
              value="publish"
              checked={s.reviewModeration === 'publish'}
            />{' '}
            Publish immediately
          </label>{' '}
          <label>
            <input
              type="radio"
              name="reviewModeration"
              value="hold"
              checked={s.reviewModeration === 'hold'}
            />{' '}
            Hold for approval
          </label>
          <p class="muted">Reviews with links or words from the block list are always held.</p>
          <label>
            <input
              type="checkbox"
              name="reviewRequiresPurchase"
              value="1"
              checked={s.reviewRequiresPurchase}
            />{' '}
            Only shoppers who bought the product may review it
          </label>
        </fieldset>
        <label for="blockList">Block list (one word or phrase per line)</label>
        <textarea id="blockList" name="blockList">
          {s.blockList.join('\n')}
        </textarea>
        {e.blockList ? <span class="error-text">{e.blockList}</span> : null}
        {NUMBERS.map(([k, label]) => (
          <p>
            <label for={k}>{label}</label>{' '}
            <input id={k} name={k} type="number" value={String(s[k])} required style="width:6rem" />
            {e[k] ? <span class="error-text"> {e[k]}</span> : null}
          </p>
        ))}
        <button class="btn" type="submit">
          Save settings
        </button>
      </form>
    </>,
  );
}

async function settingsAction(c: C) {
  const v = await readForm(c);
  const values = {
    reviewModeration: v.reviewModeration === 'hold' ? 'hold' : 'publish',
    reviewRequiresPurchase: v.reviewRequiresPurchase === '1',
    blockList: (v.blockList ?? '')
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
    ...Object.fromEntries(NUMBERS.map(([k]) => [k, Number(v[k] ?? Number.NaN)])),
  } as CareSettings;
  try {
    await updateCareSettings(c.get('deps').db, storeOf(c).id, values);
  } catch (err) {
    const f = formFailure(c, err);
    return feedbackPage(c, { values, errors: f.errors, message: f.message });
  }
  return c.redirect('/admin/feedback?notice=settings', 303);
}

export const careFeedbackAdminPages = new Hono<AppEnv>();
careFeedbackAdminPages.get('/admin/feedback', ...adminGuard('staff'), (c) => feedbackPage(c));
careFeedbackAdminPages.post('/admin/feedback', ...adminGuard('admin'), settingsAction);
