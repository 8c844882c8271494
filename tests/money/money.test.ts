/** The money arithmetic and its written-down rounding rules (src/lib/money.ts). */
import { describe, expect, it } from 'vitest';
import {
  allocate,
  currencyExponent,
  formatMoney,
  inclusiveTax,
  multiply,
  percentOf,
  sum,
  taxOf,
  toDecimalString,
} from '../../src/lib/money.js';

describe('percentOf (half up)', () => {
  it('rounds exact halves up and everything else to nearest', () => {
    expect(percentOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(percentOf(4, 1000)).toBe(0); // 0.4 → 0
    expect(percentOf(15, 1000)).toBe(2); // 1.5 → 2
    expect(percentOf(1999, 1500)).toBe(300); // 299.85 → 300
    expect(percentOf(1999, 2000)).toBe(400); // 399.8 → 400
    expect(percentOf(1001, 5)).toBe(1); // 0.5005 → 1
    expect(percentOf(999, 5)).toBe(0); // 0.4995 → 0
  });

  it('handles 0, 100 % and amounts beyond float precision', () => {
    expect(percentOf(0, 2500)).toBe(0);
    expect(percentOf(12345, 0)).toBe(0);
    expect(percentOf(12345, 10_000)).toBe(12345);
    // 9007199254740991 × 3333 overflows doubles; BigInt keeps it exact.
    expect(percentOf(Number.MAX_SAFE_INTEGER, 3333)).toBe(3002099511605172);
  });

  it('rejects negatives, fractions and unsafe values', () => {
    expect(() => percentOf(-1, 100)).toThrow(RangeError);
    expect(() => percentOf(1.5, 100)).toThrow(RangeError);
    expect(() => percentOf(10, 1.5)).toThrow(RangeError);
    expect(() => percentOf(2 ** 60, 1)).toThrow(RangeError);
  });
});

describe('tax', () => {
  it('exclusive tax is a half-up percentage on top', () => {
    expect(taxOf(1000, 2000, false)).toBe(200);
    expect(taxOf(1999, 825, false)).toBe(165); // 164.9175
  });

  it('inclusive tax is the part of the gross price that is tax', () => {
    expect(inclusiveTax(1200, 2000)).toBe(200); // 1200 × 20/120
    expect(inclusiveTax(1000, 2000)).toBe(167); // 166.67
    expect(inclusiveTax(1999, 1900)).toBe(319); // 319.17
    expect(inclusiveTax(5, 0)).toBe(0);
    expect(taxOf(1200, 2000, true)).toBe(200);
  });
});

describe('allocate (largest remainder)', () => {
  it('always sums to the total', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [3333, 3333, 3334])).toEqual([3, 3, 4]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]); // ties → earlier line
    expect(allocate(0, [5, 7])).toEqual([0, 0]);
    for (const [total, weights] of [
      [997, [1999, 2999, 3999, 1]],
      [12345, [1, 2, 3, 4, 5, 6, 7]],
      [3, [0, 0, 0, 0]],
    ] as const) {
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
  });

  it('gives the remainder to the largest fractions', () => {
    // shares 2.5, 1.25, 1.25 of 5 → floors 2,1,1 → the leftover goes to the 0.5 remainder
    expect(allocate(5, [2, 1, 1])).toEqual([3, 1, 1]);
    expect(allocate(2, [1, 1, 1, 1])).toEqual([1, 1, 0, 0]);
  });

  it('splits evenly when all weights are zero and rejects bad input', () => {
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(1, [])).toThrow(RangeError);
    expect(() => allocate(-1, [1])).toThrow(RangeError);
    expect(() => allocate(1, [-1, 2])).toThrow(RangeError);
  });
});

describe('multiply and sum', () => {
  it('are exact and refuse to leave the safe integer range', () => {
    expect(multiply(1999, 3)).toBe(5997);
    expect(sum([1, 2, 3])).toBe(6);
    expect(sum([])).toBe(0);
    expect(() => multiply(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
    expect(() => sum([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});

describe('currencies and formatting', () => {
  it('knows the minor-unit exponents', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('eur')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('writes decimal strings without floats', () => {
    expect(toDecimalString(1234, 'USD')).toBe('12.34');
    expect(toDecimalString(5, 'USD')).toBe('0.05');
    expect(toDecimalString(-5, 'KWD')).toBe('-0.005');
    expect(toDecimalString(1234, 'JPY')).toBe('1234');
    expect(toDecimalString(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
  });

  it('formats for people', () => {
    expect(formatMoney(1234, 'USD')).toBe('$12.34');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
    expect(formatMoney(1234, 'KWD')).toMatch(/KWD\s1\.234/);
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
  });

  it('takes the minor-unit digits from ISO 4217, not from Intl display data', () => {
    // Intl shows these with 0 decimals, but their ISO 4217 minor unit is 2 (3 for
    // IQD): reading digits from Intl would turn 123.45 into 12,345.
    expect(currencyExponent('HUF')).toBe(2);
    expect(currencyExponent('IDR')).toBe(2);
    expect(currencyExponent('COP')).toBe(2);
    expect(currencyExponent('IQD')).toBe(3);
    expect(currencyExponent('CLP')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(formatMoney(12345, 'HUF')).toMatch(/^HUF\s123\.45$/);
    expect(formatMoney(12345, 'IQD')).toMatch(/^IQD\s12\.345$/);
    expect(formatMoney(12345, 'CLP')).toBe('CLP\u00a012,345');
    expect(formatMoney(1, 'BHD')).toMatch(/^BHD\s0\.001$/);
    expect(formatMoney(-250, 'USD')).toBe('-$2.50');
  });
});
