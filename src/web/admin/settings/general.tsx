/** Admin › Settings › General: name, tagline, contact e-mail, logo, time zone and (before the first order) currency. */
import { csrfInput } from '../../../lib/http/csrf.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { getStoreSettingsView, updateStoreSettings } from '../../../modules/stores/admin-service.js';
import { type StoreSettingsView, ZUpdateStoreSettings } from '../../../modules/stores/schemas.js';
import { Button, Field, Select } from '../../components/ui.js';
import { noticeFrom, noticeQuery } from '../../notices.js';
import {
  actorOf,
  attempt,
  blankToNull,
  type Ctx,
  type Errors,
  errorsOf,
  formOf,
  settingsPage,
  type Typed,
} from './shell.js';

const NOTICES = { saved: 'Settings saved.' } as const;
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => ({
  value: z,
  label: z.replace(/_/g, ' '),
}));

function GeneralForm(props: { c: Ctx; view: StoreSettingsView; typed: Typed; errors: Errors }) {
  const { view, typed, errors } = props;
  const v = (k: string, fallback: string | null) => typed[k] ?? fallback ?? '';
  return (
    <form method="post" action="/admin/settings" class="card" novalidate>
      {csrfInput(props.c)}
      {errors._form ? <p class="error-text">{errors._form}</p> : null}
      <div class="form-grid">
        <Field
          name="name"
          label="Store name"
          required
          value={v('name', view.name)}
          error={errors.name}
          maxlength={200}
        />
        <Field
          name="tagline"
          label="Tagline"
          value={v('tagline', view.tagline)}
          error={errors.tagline}
          maxlength={300}
        />
        <Field
          name="contactEmail"
          label="Contact e-mail"
          type="email"
          value={v('contactEmail', view.contactEmail)}
          error={errors.contactEmail}
          hint="Shown to customers who need to reach you."
        />
        <Field
          name="logoUrl"
          label="Logo link"
          type="url"
          value={v('logoUrl', view.logoUrl)}
          error={errors.logoUrl}
          placeholder="https://…/logo.png"
          hint="An image address starting with https://"
        />
        <Select
          name="timezone"
          label="Time zone"
          options={ZONES}
          value={v('timezone', view.timezone)}
          error={errors.timezone}
        />
        {view.currencyChangeable ? (
          <Field
            name="currency"
            label="Currency"
            value={v('currency', view.currency)}
            error={errors.currency}
            maxlength={3}
            hint="A three-letter code such as USD or EUR. Fixed once you take your first order."
          />
        ) : (
          <div class="field">
            <span class="label">Currency</span>
            <p>
              <strong>{view.currency}</strong> <span class="muted">— fixed since your first order.</span>
            </p>
          </div>
        )}
      </div>
      <div class="form-actions">
        <Button>Save settings</Button>
      </div>
    </form>
  );
}

export async function generalPage(c: Ctx, state: { typed?: Typed; errors?: Errors } = {}): Promise<Response> {
  const view = await getStoreSettingsView(c.get('deps').db, storeOf(c).id);
  const failed = state.errors && Object.keys(state.errors).length > 0;
  return settingsPage(
    c,
    'general',
    {
      title: 'Settings',
      notice: noticeFrom(c, NOTICES),
      error: failed ? 'Please fix the fields marked below.' : undefined,
      status: failed ? 400 : 200,
    },
    <GeneralForm c={c} view={view} typed={state.typed ?? {}} errors={state.errors ?? {}} />,
  );
}

export async function saveGeneral(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const input = ZUpdateStoreSettings.safeParse({
    name: typed.name ?? '',
    tagline: blankToNull(typed.tagline),
    contactEmail: blankToNull(typed.contactEmail),
    logoUrl: blankToNull(typed.logoUrl),
    timezone: typed.timezone ?? 'UTC',
    ...(typed.currency !== undefined ? { currency: typed.currency.trim().toUpperCase() } : {}),
  });
  if (!input.success) return generalPage(c, { typed, errors: errorsOf(input.error) });
  const res = await attempt(() => updateStoreSettings(c.get('deps').db, storeOf(c), input.data, actorOf(c)));
  if ('errors' in res) return generalPage(c, { typed, errors: res.errors });
  return c.redirect(`/admin/settings${noticeQuery(NOTICES, 'saved')}`, 303);
}
