// Area level names (data: `municipality`/`province` in NL, `county`/`state` in the US) as words in
// the UI and report languages: one and many, lower case or starting a label. A level without a
// translation is its own name humanised ("census_tract" -> "census tract", plural "census tracts").
export type LevelLang = 'en' | 'nl';
export type LevelForm = 'one' | 'many';

/** Known levels: [one, many] in lower case. */
const WORDS: Record<LevelLang, Record<string, readonly [string, string]>> = {
  en: {
    municipality: ['municipality', 'municipalities'],
    province: ['province', 'provinces'],
    county: ['county', 'counties'],
    state: ['state', 'states'],
    district: ['district', 'districts'],
    region: ['region', 'regions'],
    country: ['country', 'countries'],
  },
  nl: {
    municipality: ['gemeente', 'gemeenten'],
    province: ['provincie', 'provincies'],
    county: ['county', "county's"],
    state: ['staat', 'staten'],
    district: ['district', 'districten'],
    region: ['regio', "regio's"],
    country: ['land', 'landen'],
  },
};

/** An English plural by the common spelling rules: county -> counties, parish -> parishes, ward -> wards. */
function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** The level in words, lower case: levelWord('county', 'many', 'en') is "counties". */
export function levelWord(level: string, form: LevelForm, lang: LevelLang): string {
  const known = WORDS[lang][level];
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
