// Current language, translated strings with {placeholders}, and locale-aware number formatting.
import { formatBound, formatPercent } from '../../common/percent.ts';
import { technologyName } from '../../common/technology-names.ts';
import { byId } from './dom.ts';
import { en, nl, type StringKey } from './strings.ts';

export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const TABLES: Record<Lang, Record<StringKey, string>> = { en, nl };
const LOCALES: Record<Lang, string> = { en: 'en-GB', nl: 'nl-NL' };

let current: Lang = 'en';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The browser's preferred language among ours, English otherwise. */
export function browserLang(languages: readonly string[] = navigator.languages): Lang {
  for (const tag of languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'en';
}

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  translateStatic(document);
}

export function lang(): Lang {
  return current;
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  return TABLES[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Fills every element marked data-i18n (text), data-i18n-label (aria-label) or data-i18n-placeholder. */
export function translateStatic(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as StringKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nLabel as StringKey));
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]'))
    el.placeholder = t(el.dataset.i18nPlaceholder as StringKey);
  document.title = `${t('title')} · ${t('tagline')}`;
  byId('lang-switch').textContent = current === 'nl' ? 'English' : 'Nederlands';
}

export function formatInt(n: number): string {
  return new Intl.NumberFormat(LOCALES[current], { maximumFractionDigits: 0 }).format(n);
}

/** `part` of `whole` in %, from the counts, as the API and the PDF show it; "no data" for an empty whole. */
export function formatPct(part: number, whole: number): string {
  return formatPercent(part, whole, LOCALES[current], t('noData'));
}

/** A legend class bound: "99,5%", "100%". */
export function formatPctBound(pct: number): string {
  return formatBound(pct, LOCALES[current]);
}

/** A technology code (FTTH, NONE, …) as a reader's word in the current language. */
export function formatTechnology(code: string): string {
  return technologyName(code, current);
}

export function formatSpeed(mbps: number): string {
  return mbps >= 1000 ? `${formatNumber(mbps / 1000)} Gbit/s` : `${formatNumber(mbps)} Mbit/s`;
}

function formatNumber(n: number): string {
  return new Intl.NumberFormat(LOCALES[current], { maximumFractionDigits: 1 }).format(n);
}

const EN_ORDINAL: Record<Intl.LDMLPluralRule, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th', zero: 'th', many: 'th' };

/** A rank as a reader writes it: "12th", "1st" in English, "12e" in Dutch. */
export function formatOrdinal(n: number): string {
  if (current === 'nl') return `${formatInt(n)}e`;
  return `${formatInt(n)}${EN_ORDINAL[new Intl.PluralRules(LOCALES.en, { type: 'ordinal' }).select(n)]}`;
}

/**
 * A level of the data (meta.levels, an area's `level`) in words: 'one' ("Municipality"), 'many'
 * ("municipalities") or 'title' ("Municipalities"). A level without a translation shows its code.
 */
export function levelName(level: string, form: 'one' | 'many' | 'title'): string {
  const prefix = { one: 'level_', many: 'levels_', title: 'levelsTitle_' }[form];
  const key = `${prefix}${level}`;
  return key in TABLES[current] ? t(key as StringKey) : level;
}
