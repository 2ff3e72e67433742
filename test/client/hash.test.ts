// The URL hash round-trips the state a shared link must restore, and ignores what it cannot use.
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../client/src/hash.ts';
import type { State } from '../../client/src/store.ts';

function createState(patch: Partial<State> = {}): State {
  return {
    release: null,
    down: 1000,
    up: null,
    fixedOnly: false,
    uncoveredTech: [],
    area: null,
    level: null,
    compare: null,
    lang: 'en',
    view: null,
    hidden: [],
    ...patch,
  };
}

describe('URL hash', () => {
  it('round-trips position, release, threshold, area, level, language and hidden layers', () => {
    const state = createState({
      release: '2023-01',
      down: 100,
      area: 'GM0363',
      level: 'province',
      compare: '2022-01',
      lang: 'nl',
      view: { zoom: 11.5, lat: 52.37, lon: 4.89 },
      hidden: ['hexes', 'clusters'],
    });
    expect({ ...createState(), ...parseHash(formatHash(state)) }).toEqual(state);
  });

  it('round-trips the symmetric and fixed-line choices and the uncovered technology filter', () => {
    const state = createState({ down: 1000, up: 1000, fixedOnly: true, uncoveredTech: ['ADSL', 'VDSL'] });
    const hash = formatHash(state);
    expect(hash).toMatch(/up=1000&fixed=1&tech=ADSL,VDSL/);
    expect({ ...createState(), ...parseHash(hash) }).toEqual(state);
    // A hash with `down` and nothing else means no upload condition, every technology: going back undoes them.
    expect(parseHash('#down=100')).toMatchObject({ down: 100, up: null, fixedOnly: false, uncoveredTech: [] });
    expect(parseHash('#down=1000&up=7&tech=ADSL,FIBRE')).toMatchObject({ up: 7, uncoveredTech: ['ADSL'] });
    expect(parseHash('#down=1000&up=x7')).toMatchObject({ up: null });
  });

  it('reads a hand-written hash with slashes and commas unescaped', () => {
    expect(parseHash('#map=8/52.1/5.3&off=hexes,uncovered')).toEqual({
      view: { zoom: 8, lat: 52.1, lon: 5.3 },
      hidden: ['hexes', 'uncovered'],
    });
  });

  it('drops a threshold that is no speed, an unknown language and an unknown layer', () => {
    expect(parseHash('#down=fast&lang=fr&off=roads&level=a%20b')).toEqual({ hidden: [] });
    expect(parseHash('#down=-100')).toEqual({});
  });

  it('drops a position outside the world', () => {
    expect(parseHash('#map=8/95/5')).toEqual({});
  });
});
