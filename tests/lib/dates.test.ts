import { describe, expect, it } from 'vitest';
import { dateFormat, formatDate } from '../../src/lib/dates.js';

describe('kept date formatters', () => {
  const at = new Date('2026-03-07T18:45:00Z');
  const cases: [string, Intl.DateTimeFormatOptions][] = [
    ['en-US', { dateStyle: 'long', timeZone: 'UTC' }],
    ['en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }],
    ['en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }],
    [
      'en-GB',
      {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      },
    ],
  ];

  it('writes what toLocaleString writes with the same locale and options', () => {
    for (const [locale, options] of cases) {
      expect(formatDate(at, locale, options)).toBe(at.toLocaleString(locale, options));
      expect(formatDate(at.toISOString(), locale, options)).toBe(at.toLocaleString(locale, options));
    }
    expect(
      formatDate(at, 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    ).toBe('7 Mar 2026');
  });

  it('keeps one formatter per locale and options', () => {
    const a = dateFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
    expect(dateFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })).toBe(a);
    expect(dateFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })).not.toBe(a);
  });
});
