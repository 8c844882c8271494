/**
 * The product page's variant choice rules (variant-choice.ts): where each
 * option value leads from the current selection, which combinations are
 * sold out or do not exist, and which image leads the gallery.
 */
import { describe, expect, it } from 'vitest';
import {
  choicesFor,
  imagesForVariant,
  optionsOf,
  selectVariant,
} from '../../src/web/storefront/variant-choice.js';

const v = (id: string, size: string, colour: string, available: number) => ({
  id,
  options: { Size: size, Colour: colour },
  available,
});
// S/M × Red/Blue, except "S Blue" does not exist and "M Blue" is sold out; "L" is declared but has no variant.
const variants = [v('s-red', 'S', 'Red', 3), v('m-red', 'M', 'Red', 2), v('m-blue', 'M', 'Blue', 0)];
const declared = [
  { name: 'Size', values: ['S', 'M', 'L'] },
  { name: 'Colour', values: ['Red', 'Blue'] },
];

describe('variant choice', () => {
  it('selects the deep-linked variant, else the first in stock', () => {
    expect(selectVariant(variants, 'm-blue')?.id).toBe('m-blue');
    expect(selectVariant(variants, 'nope')?.id).toBe('s-red');
    expect(selectVariant([v('a', 'S', 'Red', 0), v('b', 'M', 'Red', 1)])?.id).toBe('b');
  });

  it('keeps the other options when a choice changes one, and marks sold-out and missing combinations', () => {
    const options = optionsOf(declared, variants);
    const fromMRed = variants[1]!;
    expect(choicesFor(options[0]!, options, variants, fromMRed)).toEqual([
      { value: 'S', state: 'available', variantId: 's-red' },
      { value: 'M', state: 'selected', variantId: 'm-red' },
      { value: 'L', state: 'none' },
    ]);
    expect(choicesFor(options[1]!, options, variants, fromMRed)).toEqual([
      { value: 'Red', state: 'selected', variantId: 'm-red' },
      { value: 'Blue', state: 'sold_out', variantId: 'm-blue' },
    ]);
    // From S Red, "Blue" exists only as M Blue: a different combination, marked as such.
    const fromSRed = variants[0]!;
    expect(choicesFor(options[1]!, options, variants, fromSRed)[1]).toEqual({
      value: 'Blue',
      state: 'other_combination',
      variantId: 'm-blue',
    });
  });

  it('adds options only the variants carry', () => {
    const opts = optionsOf([], [{ id: 'x', options: { Material: 'Oak' }, available: 1 }]);
    expect(opts).toEqual([{ name: 'Material', values: ['Oak'] }]);
  });

  it("puts the selected variant's image first by its option value in the alt text", () => {
    const imgs = [
      { url: '1', alt: 'Shirt in red' },
      { url: '2', alt: 'Shirt in navy blue' },
      { url: '3', alt: 'Label detail' },
    ];
    expect(imagesForVariant(imgs, variants[2]).map((i) => i.url)).toEqual(['2', '1', '3']);
    expect(imagesForVariant(imgs, variants[0]).map((i) => i.url)).toEqual(['1', '2', '3']);
    // "S" is not a word of any alt text: order kept.
    expect(
      imagesForVariant(imgs, { id: 'z', options: { Size: 'S' }, available: 1 }).map((i) => i.url),
    ).toEqual(['1', '2', '3']);
  });
});
