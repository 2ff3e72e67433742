// Fictional street names and Dutch-style postcode letters for the demo addresses.
import type { Rng } from './random.ts';

const STEMS = [
  'Kievit',
  'Zilverreiger',
  'Meidoorn',
  'Wilgen',
  'Boekweit',
  'Klaproos',
  'Otter',
  'Hazelaar',
  'Lijster',
  'Vlasakker',
  'Rietgors',
  'Dotterbloem',
  'Kwartel',
  'Eikenhout',
  'Molenwiek',
  'Zandloper',
  'Lisdodde',
  'Brem',
  'Duinroos',
  'Slootkant',
  'Grutto',
  'Veenmos',
  'Korenbloem',
  'Wulp',
  'Elzenhout',
  'Terp',
  'Schelpzand',
  'Vlier',
  'Heideroos',
  'Berkenrij',
  'Karekiet',
  'Paardenbloem',
  'Tureluur',
  'Kleiakker',
  'Lindehout',
  'Beekjuffer',
  'Hooiberg',
  'Zwaluw',
  'Sleedoorn',
  'Waterhoen',
  'Kamperfoelie',
  'Distel',
];
const BUILT_UP_KINDS = ['straat', 'laan', 'hof', 'plein', 'singel', 'kade', 'dreef', 'erf', 'straat', 'laan'];
const COUNTRYSIDE_KINDS = ['weg', 'dijk', 'laan', 'pad', 'weg', 'dyk'];

export function streetName(rng: Rng, rural: boolean): string {
  const kinds = rural ? COUNTRYSIDE_KINDS : BUILT_UP_KINDS;
  return STEMS[Math.floor(rng.next() * STEMS.length)] + kinds[Math.floor(rng.next() * kinds.length)];
}

// Dutch postcode letters skip F, I, O, Q, U and Y, and the pairs SA, SD and SS are not issued.
const LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
const POSTCODE_LETTERS: readonly string[] = [...LETTERS]
  .flatMap((a) => [...LETTERS].map((b) => a + b))
  .filter((pair) => pair !== 'SA' && pair !== 'SD' && pair !== 'SS');

/** How many six-character postcodes one PC4 area can hold. */
export const POSTCODES_PER_AREA = POSTCODE_LETTERS.length;

/** The n-th letter pair of a PC4 area (AA, AB, ...). */
export function postcodeLetters(n: number): string {
  if (n >= POSTCODE_LETTERS.length)
    throw new Error(`postcode index ${n} exceeds the ${POSTCODE_LETTERS.length} letter pairs of a PC4 area.`);
  return POSTCODE_LETTERS[n];
}
