/**
 * Which variant a product page shows, and where each option value leads —
 * pure functions, no rendering. A product has options (Size, Colour…) and
 * variants that each carry one value per option; not every combination
 * exists and some are sold out.
 *
 * Rules the picker relies on:
 * - `?variant=<id>` selects that variant; otherwise the first one in stock,
 *   else the first.
 * - Choosing value V of option O keeps the other options of the current
 *   selection: the target is the variant with O=V and the same other values;
 *   when that combination does not exist, the nearest variant with O=V (most
 *   other values kept, in stock first). So every choice is a plain link.
 */

export interface ChoiceVariant {
  id: string;
  options: Record<string, string>;
  available: number;
}

export interface OptionDef {
  name: string;
  values: string[];
}

export type ChoiceState = 'selected' | 'available' | 'sold_out' | 'other_combination' | 'none';

export interface OptionChoice {
  value: string;
  state: ChoiceState;
  /** The variant this choice leads to (absent when no variant has the value). */
  variantId?: string;
}

export function selectVariant<V extends ChoiceVariant>(variants: V[], wanted?: string): V | undefined {
  return variants.find((v) => v.id === wanted) ?? variants.find((v) => v.available > 0) ?? variants[0];
}

/**
 * The options to offer: the product's declared options, plus any option name
 * the variants carry that the product does not declare (values in first-seen
 * order), so data entered only on variants still gets a picker.
 */
export function optionsOf(declared: OptionDef[], variants: ChoiceVariant[]): OptionDef[] {
  const out = declared.map((o) => ({ name: o.name, values: [...o.values] }));
  for (const v of variants) {
    for (const [name, value] of Object.entries(v.options ?? {})) {
      let opt = out.find((o) => o.name === name);
      if (!opt) {
        opt = { name, values: [] };
        out.push(opt);
      }
      if (!opt.values.includes(value)) opt.values.push(value);
    }
  }
  return out.filter((o) => o.values.length > 0);
}

function matches(v: ChoiceVariant, sel: ChoiceVariant, skip: string, names: string[]): number {
  let n = 0;
  for (const name of names) if (name !== skip && v.options?.[name] === sel.options?.[name]) n++;
  return n;
}

/** The choices for one option given the current selection. */
export function choicesFor(
  option: OptionDef,
  options: OptionDef[],
  variants: ChoiceVariant[],
  selected: ChoiceVariant,
): OptionChoice[] {
  const names = options.map((o) => o.name);
  const others = names.length - 1;
  return option.values.map((value) => {
    const withValue = variants.filter((v) => v.options?.[option.name] === value);
    if (withValue.length === 0) return { value, state: 'none' };
    // Best: most other values kept, then in stock, then catalogue order (stable sort).
    const ranked = [...withValue].sort(
      (a, b) =>
        matches(b, selected, option.name, names) - matches(a, selected, option.name, names) ||
        Number(b.available > 0) - Number(a.available > 0),
    );
    const best = ranked[0]!;
    const exact = matches(best, selected, option.name, names) === others;
    const state: ChoiceState =
      best.id === selected.id
        ? 'selected'
        : !exact
          ? 'other_combination'
          : best.available > 0
            ? 'available'
            : 'sold_out';
    return { value, state, variantId: best.id };
  });
}

/**
 * Images with the selected variant's first: an image whose alt text names one
 * of the variant's option values (e.g. "Red") as a word leads. The others keep
 * their order. Products without such images keep the gallery as stored.
 */
export function imagesForVariant<I extends { alt: string }>(
  images: I[],
  variant: ChoiceVariant | undefined,
): I[] {
  if (!variant || images.length < 2) return images;
  const values = Object.values(variant.options ?? {}).map((v) => v.toLowerCase());
  if (values.length === 0) return images;
  const names = (img: I) => {
    const words = new Set(img.alt.toLowerCase().split(/[^\p{L}\p{N}]+/u));
    return values.some((v) => v.split(/[^\p{L}\p{N}]+/u).every((w) => w === '' || words.has(w)));
  };
  const lead = images.filter(names);
  return lead.length ? [...lead, ...images.filter((i) => !lead.includes(i))] : images;
}
