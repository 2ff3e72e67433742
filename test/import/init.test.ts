// Coverage definitions as data: `storeDefinitions` (atlas init) checks and stores them once, before
// any release; a database without them, new or migrated, reads the Dutch defaults.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS, definitionProblems, readDefinitions } from '../../common/definitions.ts';
import { openWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { InitError, storeDefinitions } from '../../pipeline/init/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb, tempDir } from '../helpers/temp-db.ts';

const US = {
  down: [25, 100, 1000],
  up: [3, 20, 100],
  goal: { down: 100, up: 20, year: 2030, covered_pct: 100 },
  technologies: ['FTTH', 'CABLE', 'DSL', 'FWA', 'SATELLITE', 'OTHER'],
};

describe('coverage definitions', () => {
  it('are the Dutch defaults in a database that never ran init', () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    expect(readDefinitions(db)).toEqual({
      down: [30, 100, 1000],
      up: [10, 50, 100, 1000],
      goal: { down: 1000, up: null, year: 2030, covered_pct: 100 },
      technologies: DEFAULT_DEFINITIONS.technologies,
      tiers: [],
      stored: false,
    });
    db.close();
  });

  it('are stored by init and read back', () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    storeDefinitions(db, US);
    expect(readDefinitions(db)).toEqual({ tiers: [], ...US, stored: true });
    // Again before any release: replaced.
    storeDefinitions(db, { ...US, goal: { ...US.goal, year: 2035 } });
    expect(readDefinitions(db).goal.year).toBe(2035);
    db.close();
  });

  it.each([
    ['thresholds that do not rise', { ...US, down: [100, 25] }, 'down: thresholds must rise (100 then 25)'],
    ['a goal that is no threshold', { ...US, goal: { ...US.goal, up: 10 } }, 'goal up 10 is not one of the upload thresholds (3, 20, 100)'],
    ['an unknown technology', { ...US, technologies: ['FTTH', 'PIGEON'] }, 'unknown technologies: PIGEON'],
    ['a zero threshold', { ...US, up: [0, 20] }, 'up: 0 is not a speed in Mbit/s'],
    ['a goal of 120 %', { ...US, goal: { ...US.goal, covered_pct: 120 } }, 'goal percentage 120 is not 0..100'],
  ])('refuse %s', (_name, definitions, problem) => {
    expect(definitionProblems(definitions).join('\n')).toContain(problem);
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    expect(() => storeDefinitions(db, definitions)).toThrow(InitError);
    expect(readDefinitions(db).stored).toBe(false);
    db.close();
  });

  it('are refused once the database holds a release, which keeps its definitions', () => {
    const { db } = boundariesDb();
    importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
    expect(() => storeDefinitions(db, US)).toThrow(/already holds 1 release\(s\)/);
    expect(readDefinitions(db).stored).toBe(false);
    db.close();
  });
});
