/**
 * The parts of the signup form (see ./signup.tsx): the account fields with
 * inline errors, the template chooser with colour swatches and previews, and
 * the page's small script and styles. No JavaScript is needed to submit.
 */
import { allowInlineScript } from '../../lib/http/security-headers.js';
import type { TemplateSummary } from '../../modules/signup/schemas.js';

export const HANDLE_SCRIPT = allowInlineScript(`
(function(){
  var input=document.getElementById('handle'), name=document.getElementById('storeName');
  var status=document.getElementById('handle-status'); if(!input||!status) return;
  var touched=input.value.length>0, timer, seq=0;
  function check(){
    var v=input.value.trim().toLowerCase(); var mine=++seq;
    if(!v){status.textContent='';return;}
    fetch('/api/signup/handle-availability?handle='+encodeURIComponent(v),{headers:{accept:'application/json'}})
      .then(function(r){return r.json();}).then(function(b){
        if(mine!==seq) return;
        status.textContent=b.available? (b.handle+' is available') : (b.message||'Not available');
        status.className=b.available?'hint ok':'error-text';
        input.setAttribute('aria-invalid', b.available?'false':'true');
      }).catch(function(){});
  }
  input.addEventListener('input',function(){touched=true;clearTimeout(timer);timer=setTimeout(check,250);});
  if(name) name.addEventListener('input',function(){
    if(touched) return;
    input.value=name.value.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g,'-').replace(/^-+|-+$/g,'').slice(0,40);
    clearTimeout(timer);timer=setTimeout(check,250);
  });
  if(input.value) check();
})();`);

export const PAGE_CSS = `
.signup{display:grid;gap:2rem}@media(min-width:60rem){.signup{grid-template-columns:minmax(0,1fr) minmax(0,1.2fr)}}
.handle-row{display:flex;align-items:center;gap:.4rem;flex-wrap:wrap}.handle-row input{flex:1;min-width:8rem}
.templates{border:0;padding:0;margin:0 0 1rem}.templates legend{font-weight:600;margin-bottom:.5rem}
.tpl{display:block;border:2px solid var(--c-border);border-radius:.6rem;padding:.75rem;margin:0 0 .75rem;cursor:pointer}
.tpl:has(input:checked){border-color:var(--c-primary)}
.tpl input{margin-right:.5rem}
.swatches{display:flex;gap:.25rem;margin:.4rem 0}.swatch{width:1.4rem;height:1.4rem;border-radius:50%;border:1px solid #0002}
.thumbs{display:flex;gap:.4rem}.thumbs img{width:56px;height:56px;border-radius:.3rem}
.hint.ok{color:#0e7a4f}
`;

export function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <p id={props.id} class="error-text">
      {props.message}
    </p>
  ) : null;
}

/** The store address: `<handle>.<apex>`, checked live by the page script. */
function HandleField(props: { value?: string; error?: string; apexHost: string; protocol?: string }) {
  return (
    <div class="field">
      <label for="handle">Store address</label>
      <div class="handle-row">
        <input
          id="handle"
          name="handle"
          required
          minlength={3}
          maxlength={40}
          pattern="[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
          value={props.value ?? ''}
          autocapitalize="none"
          spellcheck={false}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby="handle-hint handle-status"
        />
        <span aria-hidden="true">.{props.apexHost}</span>
      </div>
      <p id="handle-hint" class="hint">
        3–40 letters, digits or dashes. Your store will live at{' '}
        {`${props.protocol ?? 'https:'}//your-address.${props.apexHost}`}
      </p>
      <p id="handle-status" class={props.error ? 'error-text' : 'hint'} aria-live="polite">
        {props.error ?? ''}
      </p>
    </div>
  );
}

/** Store name, address (handle), email and password, each with its error. */
export function AccountFields(props: {
  values: { storeName?: string; handle?: string; email?: string };
  errors: Record<string, string>;
  apexHost: string;
  protocol?: string;
}) {
  const v = props.values;
  const e = props.errors;
  return (
    <div>
      <div class="field">
        <label for="storeName">Store name</label>
        <input
          id="storeName"
          name="storeName"
          required
          maxlength={200}
          value={v.storeName ?? ''}
          autocomplete="organization"
          aria-invalid={e.storeName ? 'true' : undefined}
          aria-describedby={e.storeName ? 'storeName-error' : undefined}
        />
        <FieldError id="storeName-error" message={e.storeName} />
      </div>
      <HandleField value={v.handle} error={e.handle} apexHost={props.apexHost} protocol={props.protocol} />
      <div class="field">
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          maxlength={320}
          value={v.email ?? ''}
          autocomplete="email"
          aria-invalid={e.email ? 'true' : undefined}
          aria-describedby={e.email ? 'email-error' : undefined}
        />
        <FieldError id="email-error" message={e.email} />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minlength={10}
          maxlength={200}
          autocomplete="new-password"
          aria-invalid={e.password ? 'true' : undefined}
          aria-describedby="password-hint"
        />
        <p id="password-hint" class={e.password ? 'error-text' : 'hint'}>
          {e.password ?? 'At least 10 characters; common passwords are refused.'}
        </p>
      </div>
      <button class="btn" type="submit">
        Create my store
      </button>
    </div>
  );
}

/** One radio per template, the chosen one checked. */
export function TemplateChooser(props: { templates: TemplateSummary[]; selected: string; error?: string }) {
  return (
    <fieldset class="templates">
      <legend>Start from a template</legend>
      <FieldError id="template-error" message={props.error} />
      {props.templates.map((t) => (
        <label class="tpl" for={`tpl-${t.name}`}>
          <input
            type="radio"
            id={`tpl-${t.name}`}
            name="template"
            value={t.name}
            checked={t.name === props.selected}
          />
          <strong>{t.title}</strong>{' '}
          <span class="muted">
            ({t.productCount} products, {t.currency})
          </span>
          <span class="swatches" aria-hidden="true">
            {['primary', 'accent', 'surface', 'text'].map((k) => (
              <span
                class="swatch"
                style={`background:${/^#[0-9a-fA-F]{6}$/.test(t.colors[k] ?? '') ? t.colors[k] : '#ccc'}`}
              />
            ))}
          </span>
          <span class="muted" style="display:block">
            {t.description}
          </span>
          {t.previewImages.length > 0 ? (
            <span class="thumbs">
              {t.previewImages.map((src) => (
                <img src={src} alt="" width={56} height={56} loading="lazy" />
              ))}
            </span>
          ) : null}
        </label>
      ))}
    </fieldset>
  );
}
