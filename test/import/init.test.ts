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
      ramp: [80, 90, 95, 98, 99.5, 100],
      stored: false,
    });
    db.close();
  });

  it('are stored by init and read back', () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    storeDefinitions(db, US);
    expect(readDefinitions(db)).toEqual({ tiers: [], ramp: DEFAULT_DEFINITIONS.ramp, ...US, stored: true });
    // With colour classes of their own.
    storeDefinitions(db, { ...US, ramp: [50, 80, 90, 95, 99, 100] });
    expect(readDefinitions(db).ramp).toEqual([50, 80, 90, 95, 99, 100]);
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
    ['colour classes that do not rise', { ...US, ramp: [90, 50] }, 'ramp: class bounds must rise (90 then 50)'],
    ['a colour class above 100 %', { ...US, ramp: [50, 101] }, 'ramp: 101 is not a covered % above 0 and at most 100'],
    ['eight colour classes', { ...US, ramp: [10, 20, 30, 40, 50, 60, 70, 80] }, 'ramp: give 1 to 7 class bounds (got 8)'],
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
