/**
 * Dates as people read them. `toLocaleDateString(locale, options)` builds a
 * new Intl.DateTimeFormat on every call (~270 µs here); the formatters are
 * kept per (locale, options) instead (~6 µs a date, the same text). Few
 * distinct formats exist, so the map stays small.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let fmt = formats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, options);
    if (formats.size < 100) formats.set(key, fmt);
  }
  return fmt;
}

/** `date` in `locale` with `options`: what `date.toLocaleString(locale, options)` writes, from a kept formatter. */
export function formatDate(date: Date | string, locale: string, options: Intl.DateTimeFormatOptions): string {
  return dateFormat(locale, options).format(new Date(date));
}
