/**
 * Admin › Settings › Theme: the storefront's colours (validated #rrggbb),
 * with a preview of what the typed colours look like before saving.
 */
import { csrfInput } from '../../../lib/http/csrf.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { getStoreSettingsView, updateStoreSettings } from '../../../modules/stores/admin-service.js';
import { ZUpdateStoreSettings } from '../../../modules/stores/schemas.js';
import { Button } from '../../components/ui.js';
import { noticeFrom, noticeQuery } from '../../notices.js';
import { actorOf, attempt, type Ctx, type Errors, formOf, settingsPage, type Typed } from './shell.js';

const NOTICES = { saved: 'Theme saved. Your storefront uses the new colours.' } as const;
const COLOURS = [
  { key: 'primary', label: 'Buttons and links', fallback: '#1f4e79' },
  { key: 'background', label: 'Page background', fallback: '#ffffff' },
  { key: 'surface', label: 'Panels', fallback: '#f5f5f5' },
  { key: 'text', label: 'Text', fallback: '#1a1a1a' },
  { key: 'muted', label: 'Secondary text', fallback: '#666666' },
  { key: 'accent', label: 'Highlights', fallback: '#c0392b' },
  { key: 'border', label: 'Borders', fallback: '#dddddd' },
] as const;
const HEX = /^#[0-9a-fA-F]{6}$/;

function Preview(props: { colors: Record<string, string> }) {
  const col = (k: string, f: string) => (HEX.test(props.colors[k] ?? '') ? props.colors[k]! : f);
  const [p, bg, surface, text, muted, accent, border] = COLOURS.map((x) => col(x.key, x.fallback));
  return (
    <figure
      style={`margin:0;border:1px solid ${border};border-radius:.5rem;background:${bg};color:${text};padding:1rem`}
      aria-label="Preview of your storefront colours"
    >
      <strong style="font-size:1.1rem">Your store</strong>
      <p style={`color:${muted};margin:.25rem 0 .75rem`}>
        How a product card and a button look with these colours.
      </p>
      <div
        style={`background:${surface};border:1px solid ${border};border-radius:.4rem;padding:.75rem;max-width:16rem`}
      >
        <span>Linen shirt</span> <span style={`color:${accent};font-weight:600`}>Sale</span>
        <br />
        <span
          style={`display:inline-block;margin-top:.5rem;background:${p};color:#fff;border-radius:.3rem;padding:.3rem .8rem`}
        >
          Add to cart
        </span>
      </div>
    </figure>
  );
}

export async function themePage(c: Ctx, state: { typed?: Typed; errors?: Errors } = {}): Promise<Response> {
  const view = await getStoreSettingsView(c.get('deps').db, storeOf(c).id);
  const typed = state.typed ?? {};
  const errors = state.errors ?? {};
  const value = (k: string, f: string) => typed[k] ?? view.theme.colors[k] ?? f;
  const colors = Object.fromEntries(COLOURS.map((x) => [x.key, value(x.key, x.fallback)]));
  const failed = Object.keys(errors).length > 0;
  return settingsPage(
    c,
    'theme',
    {
      title: 'Settings',
      notice: noticeFrom(c, NOTICES),
      error: failed ? 'Please fix the colours marked below.' : undefined,
      status: failed ? 400 : 200,
    },
    <div class="cards">
      <form method="post" action="/admin/settings/theme" class="card" novalidate>
        {csrfInput(c)}
        <h2>Colours</h2>
        {COLOURS.map((x) => (
          <div class="field">
            <label for={`f-${x.key}`}>{x.label}</label>
            <div class="row">
              <input
                id={`f-${x.key}`}
                name={x.key}
                value={colors[x.key]}
                maxlength={7}
                style="width:7rem"
                aria-invalid={errors[x.key] ? 'true' : undefined}
                aria-describedby={errors[x.key] ? `f-${x.key}-error` : undefined}
              />
              <span
                aria-hidden="true"
                style={`display:inline-block;width:1.6rem;height:1.6rem;border:1px solid #ccc;border-radius:.3rem;background:${HEX.test(colors[x.key] ?? '') ? colors[x.key] : 'transparent'}`}
              />
            </div>
            {errors[x.key] ? (
              <span class="error-text" id={`f-${x.key}-error`}>
                {errors[x.key]}
              </span>
            ) : null}
          </div>
        ))}
        <div class="form-actions">
          <Button variant="secondary" name="intent" value="preview">
            Preview
          </Button>
          <Button name="intent" value="save">
            Save theme
          </Button>
        </div>
      </form>
      <section class="card" aria-labelledby="preview-h">
        <h2 id="preview-h">Preview</h2>
        <Preview colors={colors} />
      </section>
    </div>,
  );
}

export async function saveTheme(c: Ctx): Promise<Response> {
  const typed = await formOf(c);
  const colors = Object.fromEntries(COLOURS.map((x) => [x.key, (typed[x.key] ?? '').trim()]));
  const input = ZUpdateStoreSettings.safeParse({ theme: { colors } });
  const errors: Errors = {};
  if (!input.success) {
    for (const i of input.error.issues) errors[String(i.path[2] ?? i.path[0])] = 'A colour like #1f4e79';
  }
  if (!input.success || typed.intent === 'preview') return themePage(c, { typed, errors });
  const res = await attempt(() => updateStoreSettings(c.get('deps').db, storeOf(c), input.data, actorOf(c)));
  if ('errors' in res) return themePage(c, { typed, errors: res.errors });
  return c.redirect(`/admin/settings/theme${noticeQuery(NOTICES, 'saved')}`, 303);
}
