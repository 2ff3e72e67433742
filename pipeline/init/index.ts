// Stores a database's coverage definitions (`atlas init`). Only before anything is counted: the
// aggregates of a release are classes against the thresholds, so a database with releases keeps
// the definitions it was counted with.
import type Database from 'better-sqlite3';
import { definitionProblems, type CoverageDefinitions, type CoverageTier } from '../../common/definitions.ts';
import { uncoveredIndexesSql } from '../../common/uncovered-index.ts';

/** What `atlas init` stores; `tiers` may be left out (none), and `ramp` (the default colour classes). */
export type NewDefinitions = Omit<CoverageDefinitions, 'stored' | 'tiers' | 'ramp'> & { tiers?: CoverageTier[]; ramp?: number[] };

/** Definitions that cannot be stored; nothing was changed. */
export class InitError extends Error {}

export function storeDefinitions(db: Database.Database, given: NewDefinitions): void {
  const definitions = { ...given, tiers: given.tiers ?? [] };
  const problems = definitionProblems(definitions);
  if (problems.length > 0) throw new InitError(`The coverage definitions cannot be used: ${problems.join('; ')}.`);
  db.transaction(() => {
    const releases = db.prepare('SELECT COUNT(*) FROM releases').pluck().get() as number;
    if (releases > 0) {
      throw new InitError(
        `The database already holds ${releases} release(s), counted with its current definitions; ` +
          'set definitions when a database is created (a new --db PATH), before any import.',
      );
    }
    db.prepare(`INSERT INTO coverage_definitions (id, down, up, goal, technologies, tiers, ramp, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET down = excluded.down, up = excluded.up, goal = excluded.goal,
        technologies = excluded.technologies, tiers = excluded.tiers, ramp = excluded.ramp, created_at = excluded.created_at`).run(
      JSON.stringify(definitions.down),
      JSON.stringify(definitions.up),
      JSON.stringify(definitions.goal),
      JSON.stringify(definitions.technologies),
      JSON.stringify(definitions.tiers),
      given.ramp === undefined ? null : JSON.stringify(given.ramp),
      new Date().toISOString(),
    );
    // Their top classes are these definitions' (no release holds rows yet, so this is instant).
    db.exec(uncoveredIndexesSql(definitions));
  })();
}
