/**
 * UI kit — a text field or textarea with a character counter ("12 / 70
 * characters", turning into a warning past the limit). The count is rendered
 * by the server, so it is right without JavaScript after every post; the
 * small CSP-hashed script (render <CharCountScript /> once per page) keeps it
 * live while typing. The limit is advisory in the browser (no maxlength: the
 * server answers an over-long value with a message and keeps what was typed).
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { allowInlineScript } from '../../lib/http/security-headers.js';
import { Field, Textarea } from './ui-form.js';

const SCRIPT = allowInlineScript(
  "(function(){document.addEventListener('input',function(e){var t=e.target,o=t&&t.id&&document.querySelector('[data-count-for=\"'+t.id+'\"]');" +
    "if(!o)return;var n=t.value.length,m=+o.getAttribute('data-max');o.textContent=n+' / '+m+' characters';o.classList.toggle('over',n>m)})})();",
);

export function CharCountScript() {
  return <script>{raw(SCRIPT)}</script>;
}

export function CountedField(props: {
  name: string;
  label: Child;
  value: string;
  max: number;
  hint?: Child;
  error?: string | undefined;
  multiline?: boolean;
  rows?: number;
}) {
  const id = `f-${props.name}`;
  const n = props.value.length;
  const hint = (
    <>
      <span class={n > props.max ? 'char-count over' : 'char-count'} data-count-for={id} data-max={props.max}>
        {n} / {props.max} characters
      </span>
      {props.hint ? <> · {props.hint}</> : null}
    </>
  );
  const common = { name: props.name, label: props.label, value: props.value, error: props.error, hint };
  return props.multiline ? <Textarea {...common} rows={props.rows ?? 3} /> : <Field {...common} />;
}
