// Percentages of a part in a whole, computed once from the counts and shown the same way by the
// API, the web map and the PDF report: never rounded twice, never 100 while anything is missing,
// never 0 while anything is there, and null (no data) when the whole is empty.

/** The API's value: a share in % with two decimals, or null when `whole` is 0 (no data). */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 10000) / whole) / 100;
}

/**
 * The shown value and its decimals: one decimal, or two where one would round to 100 (or 0) while
 * the part is not the whole (or not empty); clamped to 99.99 / 0.01 beyond that. Null for no data.
 */
export function shownPercent(part: number, whole: number): { value: number; digits: number } | null {
  if (whole <= 0) return null;
  for (const digits of [1, 2]) {
    const factor = 10 ** digits;
    const value = Math.round((part * 100 * factor) / whole) / factor;
    const falseFull = value >= 100 && part < whole;
    const falseEmpty = value <= 0 && part > 0;
    if (!falseFull && !falseEmpty) return { value, digits };
  }
  return { value: part < whole && part > whole / 2 ? 99.99 : 0.01, digits: 2 };
}

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}/${digits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

/** "90,6%" (nl-NL) or "90.6%" (en-GB) for 2,530 of 2,791; `noData` when the whole is empty. */
export function formatPercent(part: number, whole: number, locale: string, noData: string): string {
  const shown = shownPercent(part, whole);
  return shown ? `${numberFormat(locale, shown.digits).format(shown.value)}%` : noData;
}

/** A class bound of a legend, with no more decimals than it has: "99,5%", "100%". */
export function formatBound(pct: number, locale: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(pct)}%`;
}
