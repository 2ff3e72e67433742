// Level names in words (common/level-names.ts): the known levels in English and Dutch, one and many,
// and any other level name humanised with an English plural.
import { describe, expect, it } from 'vitest';
import { levelLabel, levelWord } from '../../common/level-names.ts';

describe('level names', () => {
  it('translate the known levels in both languages, one and many', () => {
    const table = ['municipality', 'province', 'county', 'state'].map((level) => [
      levelWord(level, 'one', 'en'),
      levelWord(level, 'many', 'en'),
      levelWord(level, 'one', 'nl'),
      levelWord(level, 'many', 'nl'),
    ]);
    expect(table).toEqual([
      ['municipality', 'municipalities', 'gemeente', 'gemeenten'],
      ['province', 'provinces', 'provincie', 'provincies'],
      ['county', 'counties', 'county', "county's"],
      ['state', 'states', 'staat', 'staten'],
    ]);
  });

  it('start a label with a capital', () => {
    expect(levelLabel('county', 'many', 'en')).toBe('Counties');
    expect(levelLabel('municipality', 'one', 'nl')).toBe('Gemeente');
  });

  it('humanise an unknown level: underscores to spaces, an English plural, a capital where a label starts', () => {
    expect(levelWord('census_tract', 'one', 'en')).toBe('census tract');
    expect(levelWord('census_tract', 'many', 'nl')).toBe('census tracts');
    expect(levelWord('parish', 'many', 'en')).toBe('parishes');
    expect(levelWord('borough', 'many', 'en')).toBe('boroughs');
    expect(levelWord('city_county', 'many', 'en')).toBe('city counties');
    expect(levelWord('lau2', 'many', 'en')).toBe('lau2s');
    expect(levelLabel('census_tract', 'one', 'en')).toBe('Census tract');
    expect(levelWord('constructor', 'many', 'en')).toBe('constructors');
  });
});
