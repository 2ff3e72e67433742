// Area level names (data: `municipality`/`province` in NL, `county`/`state` in the US) as words in
// the UI and report languages: one and many, lower case or starting a label. A level without a
// translation is its own name humanised ("census_tract" -> "census tract", plural "census tracts").
export type LevelLang = 'en' | 'nl';
export type LevelForm = 'one' | 'many';

/** Known levels: [one, many] in lower case, in English and Dutch. */
const WORDS: Record<string, Record<LevelLang, readonly [string, string]>> = {
  municipality: { en: ['municipality', 'municipalities'], nl: ['gemeente', 'gemeenten'] },
  province: { en: ['province', 'provinces'], nl: ['provincie', 'provincies'] },
  county: { en: ['county', 'counties'], nl: ['county', "county's"] },
  state: { en: ['state', 'states'], nl: ['staat', 'staten'] },
  district: { en: ['district', 'districts'], nl: ['district', 'districten'] },
  region: { en: ['region', 'regions'], nl: ['regio', "regio's"] },
  country: { en: ['country', 'countries'], nl: ['land', 'landen'] },
};

/** An English plural by the common spelling rules: county -> counties, parish -> parishes, ward -> wards. */
function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** The level in words, lower case: levelWord('county', 'many', 'en') is "counties". */
export function levelWord(level: string, form: LevelForm, lang: LevelLang): string {
  const known = Object.hasOwn(WORDS, level) ? WORDS[level][lang] : undefined;
  if (known) return known[form === 'one' ? 0 : 1];
  const one = level.replaceAll('_', ' ').trim();
  return form === 'one' ? one : pluralOf(one);
}

/** The same, starting a label: "Counties", "Gemeente". */
export function levelLabel(level: string, form: LevelForm, lang: LevelLang): string {
  return capitalised(levelWord(level, form, lang));
}

export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
