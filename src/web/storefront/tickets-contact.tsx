import { clientIp } from '../../lib/http/client-ip.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { confirmGuestTicket, openTicket } from '../../modules/tickets/service.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { Field, Notice } from './components.js';
import { pageContext, ShopPage } from './page.js';
import { type C, Css, invalidLink, linkSubject, TextArea } from './tickets-common.js';

async function contactView(
  c: C,
  state: { values: Record<string, string>; errors: Record<string, string>; message?: string },
  status: 200 | 400 | 403 | 404 | 409 | 429 = 200,
) {
  const ctx = await pageContext(c);
  const v = state.values;
  return c.html(
    <ShopPage ctx={ctx} title="Contact us" path="/contact">
      <Css />
      <section class="narrow">
        <h1>Contact us</h1>
        <p>Questions about an order, a product or a return? Write to us — we answer by e-mail.</p>
        {state.message ? <Notice kind="error">{state.message}</Notice> : null}
        <form method="post" action="/contact">
          {csrfInput(c)}
          {ctx.shopper ? null : (
            <Field
              id="email"
              name="email"
              label="Your e-mail"
              type="email"
              required
              autocomplete="email"
              value={v.email}
              error={state.errors.email}
              hint="We send you a link to confirm it before we answer."
            />
          )}
          <Field
            id="subject"
            name="subject"
            label="Subject"
            required
            value={v.subject}
            error={state.errors.subject}
          />
          <Field
            id="orderNumber"
            name="orderNumber"
            label="Order number (optional)"
            value={v.orderNumber}
            error={state.errors.orderNumber}
          />
          <TextArea id="message" label="Message" value={v.message} error={state.errors.message} max={10000} />
          <button class="btn" type="submit">
            Send
          </button>
        </form>
        {ctx.shopper ? (
          <p>
            <a href="/account/tickets">Your earlier conversations</a>
          </p>
        ) : null}
      </section>
    </ShopPage>,
    status,
  );
}

export function contactPage(c: C) {
  const order = c.req.query('order');
  return contactView(c, {
    values: { orderNumber: order && /^\d{1,9}$/.test(order) ? order : '' },
    errors: {},
  });
}

export async function contactAction(c: C) {
  const values = await readForm(c);
  const tenant = storeOf(c);
  const shopper = (await pageContext(c)).shopper;
  const orderNumber = values.orderNumber?.trim().replace(/^#/, '');
  if (orderNumber && !/^\d{1,9}$/.test(orderNumber)) {
    return contactView(
      c,
      {
        values,
        errors: { orderNumber: 'An order number is digits only' },
        message: 'Please check the highlighted fields.',
      },
      400,
    );
  }
  try {
    const t = await openTicket(c.get('deps'), tenant, {
      customerId: shopper?.customerId,
      ip: clientIp(c) ?? 'unknown',
      ticket: {
        email: shopper ? undefined : values.email?.trim() || undefined,
        subject: values.subject ?? '',
        message: values.message ?? '',
        orderNumber: orderNumber ? Number(orderNumber) : undefined,
      },
    });
    const ctx = await pageContext(c);
    return c.html(
      <ShopPage ctx={ctx} title="Message sent" path="/contact" noindex>
        <h1>Thank you!</h1>
        <p role="status" id="ticket-sent">
          {t.confirmed ? (
            <>
              Your message <strong>#{t.number}</strong> reached us. We answer by e-mail; you can follow it{' '}
              <a href={`/support/tickets/${t.id}`}>here</a>.
            </>
          ) : (
            <>
              Please check your inbox: we sent you a link to confirm your e-mail address. Once confirmed, your
              message #{t.number} reaches us.
            </>
          )}
        </p>
      </ShopPage>,
      201,
    );
  } catch (err) {
    const f = formFailure(c, err);
    return contactView(c, { values, errors: f.errors, message: f.message }, f.status);
  }
}

export async function confirmPage(c: C) {
  const ctx = await pageContext(c);
  const id = await linkSubject(c, 'ticket-confirm', c.req.query('token'));
  if (!id) return invalidLink(c);
  const t = await confirmGuestTicket(ctx.deps, storeOf(c), id);
  return c.html(
    <ShopPage ctx={ctx} title="E-mail confirmed" path="/support/confirm" noindex>
      <h1>Thank you — your e-mail is confirmed</h1>
      <p role="status">
        Your message #{t.number} has reached us. We will answer by e-mail; each answer has a link back to the
        conversation.
      </p>
    </ShopPage>,
  );
}
