// Current language, translated strings with {placeholders}, and locale-aware number formatting.
import { ADDRESS_LEVEL } from '../../common/constants.ts';
import { levelLabel, levelWord } from '../../common/level-names.ts';
import { formatBound, formatPercent } from '../../common/percent.ts';
import { technologyName } from '../../common/technology-names.ts';
import { byId } from './dom.ts';
import { en, nl, type StringKey } from './strings.ts';

export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const TABLES: Record<Lang, Record<StringKey, string>> = { en, nl };
const LOCALES: Record<Lang, string> = { en: 'en-GB', nl: 'nl-NL' };

let current: Lang = 'en';
/** The data's levels (meta.address_level, meta.parent_level): texts name them where they say "municipality". */
let dataLevels: { address: string; parent: string | null } = { address: ADDRESS_LEVEL, parent: null };

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

/** Tells the texts the data's levels (from meta) and translates the static ones again. */
export function setDataLevels(address: string, parent: string | null): void {
  dataLevels = { address, parent };
  translateStatic(document);
}

/** The level addresses belong to (municipality in NL, county in the US). */
export function addressLevel(): string {
  return dataLevels.address;
}

/** The level of the address level's parents (province, state), or null. */
export function parentLevel(): string | null {
  return dataLevels.parent;
}

/** Placeholders every text may use for the data's levels: {addressLevel} "county", {AddressLevels} "Counties", … */
function levelVars(): Record<string, string> {
  const { address, parent } = dataLevels;
  const p = parent ?? address;
  return {
    addressLevel: levelWord(address, 'one', current),
    addressLevels: levelWord(address, 'many', current),
    AddressLevel: levelLabel(address, 'one', current),
    AddressLevels: levelLabel(address, 'many', current),
    parentLevel: levelWord(p, 'one', current),
    ParentLevel: levelLabel(p, 'one', current),
  };
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const text = TABLES[current][key];
  if (!text.includes('{')) return text;
  const all = { ...levelVars(), ...vars };
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(all[name] ?? `{${name}}`));
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
 * A level of the data (meta.levels, an area's `level`) in words (common/level-names.ts): 'one'
 * ("Municipality", "County"), 'many' ("municipalities", "counties") or 'title' ("Municipalities").
 * A level without a translation shows its name humanised ("Census tract").
 */
export function levelName(level: string, form: 'one' | 'many' | 'title'): string {
  if (form === 'many') return levelWord(level, 'many', current);
  return levelLabel(level, form === 'one' ? 'one' : 'many', current);
}
