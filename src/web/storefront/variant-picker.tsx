/**
 * The product page's option pickers and gallery. One group per option (Size,
 * Colour…); every choice is a link to `?variant=<id>` (variant-choice.ts
 * decides where it leads), so picking works without JavaScript and the URL is
 * always a deep link to the selection. Sold-out combinations are marked and
 * combinations that do not exist are marked (or disabled when no variant has
 * the value at all). With JavaScript, VARIANT_SCRIPT fetches the chosen URL
 * and swaps the product block in place (price, stock, images, pickers) and
 * keeps the URL in the address bar.
 */
import { allowInlineScript } from '../../lib/http/security-headers.js';
import {
  type ChoiceVariant,
  choicesFor,
  imagesForVariant,
  type OptionChoice,
  type OptionDef,
  optionsOf,
} from './variant-choice.js';

export const VARIANT_CSS = `
.pickers{margin:0 0 1rem}.picker{margin:0 0 .9rem}.picker-name{font-weight:700;margin:0 0 .35rem}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
.chip{display:inline-block;min-width:2.75rem;min-height:2.75rem;box-sizing:border-box;padding:.55rem .8rem;text-align:center;border:1px solid var(--c-border);border-radius:.5rem;text-decoration:none;color:inherit;background:#fff}
a.chip:hover{border-color:currentColor}a.chip:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
.chip[aria-current="true"]{border:2px solid currentColor;font-weight:700}
.chip-sold{text-decoration:line-through;color:#5f6368}.chip-other{border-style:dashed;color:#5f6368}
.chip-off{color:#6b6b6b;background:#f1f1f1;border-style:dashed;cursor:not-allowed}
.gallery{display:grid;gap:.75rem}.gallery img{width:100%;height:auto;border-radius:.5rem;background:#f4f4f4}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(5rem,1fr));gap:.5rem;list-style:none;padding:0;margin:0}
`;

const STATE_NOTE: Record<OptionChoice['state'], string> = {
  selected: ' (selected)',
  available: '',
  sold_out: ' (sold out)',
  other_combination: ' (not in this combination; changes other options)',
  none: ' (unavailable)',
};

function Chip(props: { choice: OptionChoice; href: (id: string) => string }) {
  const { choice } = props;
  const note = STATE_NOTE[choice.state];
  const label = (
    <>
      {choice.value}
      {note ? <span class="visually-hidden">{note}</span> : null}
    </>
  );
  if (choice.state === 'none' || !choice.variantId) {
    return (
      <span class="chip chip-off" aria-disabled="true">
        {label}
      </span>
    );
  }
  const cls =
    choice.state === 'sold_out'
      ? 'chip chip-sold'
      : choice.state === 'other_combination'
        ? 'chip chip-other'
        : 'chip';
  return (
    <a
      class={cls}
      href={props.href(choice.variantId)}
      data-variant-link=""
      aria-current={choice.state === 'selected' ? 'true' : undefined}
      rel="nofollow"
    >
      {label}
    </a>
  );
}

/** One labelled group of choice links per option; nothing for a product with a single variant. */
export function VariantPickers(props: {
  productHandle: string;
  declared: OptionDef[];
  variants: ChoiceVariant[];
  selected: ChoiceVariant;
}) {
  if (props.variants.length < 2) return null;
  const options = optionsOf(props.declared, props.variants);
  const href = (id: string) => `/products/${encodeURIComponent(props.productHandle)}?variant=${id}`;
  if (options.length === 0) return null;
  return (
    <div class="pickers">
      {options.map((option, i) => {
        const choices = choicesFor(option, options, props.variants, props.selected);
        const current = props.selected.options?.[option.name];
        return (
          <div class="picker" role="group" aria-labelledby={`picker-${i}`}>
            <p class="picker-name" id={`picker-${i}`}>
              {option.name}
              {current ? <span class="muted">: {current}</span> : null}
            </p>
            <ul class="chips">
              {choices.map((choice) => (
                <li>
                  <Chip choice={choice} href={href} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

/** The product's images, the selected variant's first (first eager, the rest lazy). */
export function Gallery(props: {
  title: string;
  images: { url: string; alt: string }[];
  selected: ChoiceVariant | undefined;
}) {
  const images = imagesForVariant(props.images, props.selected);
  if (images.length === 0) {
    return (
      <div class="card muted" role="img" aria-label={`No photo of ${props.title} yet`}>
        No photo yet
      </div>
    );
  }
  const [first, ...rest] = images;
  return (
    <div class="gallery">
      <img src={first!.url} alt={first!.alt || props.title} width="600" height="600" />
      {rest.length ? (
        <ul class="thumbs" aria-label="More photos">
          {rest.map((img) => (
            <li>
              <img src={img.url} alt={img.alt || props.title} loading="lazy" width="160" height="160" />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Progressive enhancement: a choice link fetches its page and swaps
 * `#product-main` in place; the address bar keeps the `?variant=` URL; focus
 * returns to the same option value so keyboard users stay where they were.
 * Any failure falls back to following the link.
 */
export const VARIANT_SCRIPT = allowInlineScript(
  `(function(){var root=document.getElementById('product-main');if(!root||!window.fetch||!window.DOMParser)return;
document.addEventListener('click',function(e){var a=e.target&&e.target.closest?e.target.closest('a[data-variant-link]'):null;
if(!a||e.metaKey||e.ctrlKey||e.shiftKey||e.button!==0)return;var box=document.getElementById('product-main');if(!box||!box.contains(a))return;
e.preventDefault();var href=a.getAttribute('href');var grp=a.closest('[role=group]');var gi=grp?Array.prototype.indexOf.call(box.querySelectorAll('[role=group]'),grp):-1;
var li=a.closest('li');var vi=li&&li.parentNode?Array.prototype.indexOf.call(li.parentNode.children,li):-1;
fetch(href,{headers:{Accept:'text/html'},credentials:'same-origin'}).then(function(r){if(!r.ok)throw 0;return r.text();}).then(function(t){
var doc=new DOMParser().parseFromString(t,'text/html');var next=doc.getElementById('product-main');if(!next)throw 0;
box.innerHTML=next.innerHTML;history.replaceState(null,'',href);
var g=box.querySelectorAll('[role=group]')[gi];var l=g?g.querySelectorAll('li')[vi]:null;var f=l?l.querySelector('a,span'):null;if(f&&f.focus){if(f.tagName==='SPAN')f.tabIndex=-1;f.focus();}
}).catch(function(){location.href=href;});});})();`,
);
