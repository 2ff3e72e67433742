// The "coverage means" choices come from the database's definitions: the Dutch defaults give today's
// list (each download, symmetric at 1 Gbit/s and 100 Mbit/s), the FCC's tiers their named pairs and
// goal; a link's threshold is kept only when the definitions have it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS } from '../../common/definitions.ts';
import { coverageChoices, keepDefined } from '../../client/src/coverage-choices.ts';
import { US_DEFINITIONS } from '../../pipeline/demo/us-build.ts';

const FCC = { ...US_DEFINITIONS, tiers: US_DEFINITIONS.tiers ?? [], ramp: US_DEFINITIONS.ramp ?? [], stored: true };

const pairs = (d: Parameters<typeof coverageChoices>[0]) =>
  coverageChoices(d).map((c) => `${c.down}/${c.up ?? '-'}${c.name ? ` ${c.name}` : ''}${c.goal ? ' goal' : ''}`);

describe('coverage choices', () => {
  it('are the Dutch list for the default definitions, the goal (1 Gbit/s) marked', () => {
    expect(pairs(DEFAULT_DEFINITIONS)).toEqual(['1000/1000', '1000/- goal', '100/100', '100/-', '30/-']);
  });

  it('are the named tiers, symmetric pairs and each download alone, fastest first, for the FCC definitions', () => {
    expect(pairs(FCC)).toEqual(['1000/100 gigabit', '1000/-', '100/100', '100/20 served goal', '100/-', '25/3 underserved', '25/-']);
  });

  it('hold the goal even when no tier names it', () => {
    expect(pairs({ ...FCC, tiers: [] })).toContain('100/20 goal');
  });

  it('keep a link threshold the database defines and drop one it does not', () => {
    expect(keepDefined({ down: 100, up: 20, fixedOnly: true }, FCC)).toEqual({ down: 100, up: 20, fixedOnly: true });
    expect(keepDefined({ down: 100, up: 10, fixedOnly: true }, FCC)).toEqual({ down: 100, up: null, fixedOnly: true });
    const links = [{ down: 30, up: 10, fixedOnly: true, lang: 'nl' }, { lang: 'en' }];
    expect(links.map((link) => keepDefined(link, FCC))).toEqual([{ lang: 'nl' }, { lang: 'en' }]);
  });
});
