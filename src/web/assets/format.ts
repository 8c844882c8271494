/** Display formatting shared by server-rendered pages. */

/** Formats integer minor units for display, using the currency's own number of decimals. */
export function formatPrice(amount: number, currency: string): string {
  const fmt = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(amount / 10 ** digits);
}
