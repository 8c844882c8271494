import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { answerCsat } from '../../modules/tickets/service.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { Notice } from './components.js';
import { pageContext, ShopPage } from './page.js';
import { type C, invalidLink, linkSubject, TextArea } from './tickets-common.js';

async function feedbackView(
  c: C,
  token: string,
  state: { done?: boolean; error?: string },
  status: 200 | 400 | 409 = 200,
) {
  const ctx = await pageContext(c);
  const id = c.req.param('id') ?? '';
  return c.html(
    <ShopPage ctx={ctx} title="How did we do?" path={`/support/feedback/${id}`} noindex>
      <section class="narrow">
        <h1>How did we do?</h1>
        {state.done ? (
          <p role="status" id="csat-thanks">
            {state.error ? 'We already have your answer — thank you!' : 'Thank you for your feedback!'}
          </p>
        ) : (
          <form method="post" action={`/support/feedback/${id}`}>
            {csrfInput(c)}
            <input type="hidden" name="token" value={token} />
            {state.error ? <Notice kind="error">{state.error}</Notice> : null}
            <fieldset class="group">
              <legend>How satisfied are you with our help? (1 = not at all, 5 = very)</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <label style="margin-right:1rem">
                  <input type="radio" name="rating" value={String(n)} required /> {n}
                </label>
              ))}
            </fieldset>
            <TextArea id="comment" label="Anything to add? (optional)" max={2000} optional />
            <button class="btn" type="submit">
              Send
            </button>
          </form>
        )}
      </section>
    </ShopPage>,
    status,
  );
}

export async function feedbackPage(c: C) {
  const token = c.req.query('token') ?? '';
  if ((await linkSubject(c, 'csat', token)) !== c.req.param('id')) return invalidLink(c);
  return feedbackView(c, token, {});
}

export async function feedbackAction(c: C) {
  const values = await readForm(c);
  const id = await linkSubject(c, 'csat', values.token);
  if (!id || id !== c.req.param('id')) return invalidLink(c);
  try {
    const r = await answerCsat(c.get('deps').db, storeOf(c).id, id, {
      rating: Number(values.rating ?? 0),
      comment: values.comment?.trim() || undefined,
    });
    return feedbackView(c, values.token ?? '', { done: true, error: r.recorded ? undefined : 'already' });
  } catch (err) {
    const f = formFailure(c, err);
    return feedbackView(
      c,
      values.token ?? '',
      { error: f.errors.rating ?? f.message },
      f.status === 409 ? 409 : 400,
    );
  }
}
