import { describe, expect, it } from 'vitest';
import { deadlineText, howToPayText } from '../../src/modules/orders/payment-terms.js';

describe('payment deadline text', () => {
  it('reads as a long US date in UTC, whatever the hour', () => {
    expect(deadlineText('2026-12-09T00:00:00Z')).toBe('December 9, 2026');
    expect(deadlineText(new Date('2026-12-09T23:59:59Z'))).toBe('December 9, 2026');
    expect(deadlineText('2027-01-01T00:30:00+02:00')).toBe('December 31, 2026');
  });

  it('is the deadline the transfer and cash-on-delivery paragraphs name', () => {
    const dueAt = new Date('2026-02-28T12:00:00Z');
    expect(howToPayText({ method: 'transfer', instructions: 'IBAN X', dueAt })).toContain(
      'Please pay by February 28, 2026.',
    );
    expect(howToPayText({ method: 'cash_on_delivery', instructions: 'Cash', dueAt })).toContain(
      'delivered by February 28, 2026, it is cancelled',
    );
  });
});
