// Which loaded area level addresses are assigned to. Levels are data (`municipality`/`province`
// in NL, `county`/`state` in the US), so the rule reads the areas table: the address level is the
// level none of whose areas is another area's parent (the finest one); when several levels are
// such, the one with the most areas; with no areas loaded, the default ADDRESS_LEVEL.
import type Database from 'better-sqlite3';
import { ADDRESS_LEVEL, LEVEL_NAME, type AreaLevel } from './constants.ts';

const LEAF_LEVELS = `
  SELECT level, COUNT(*) AS areas FROM areas
   WHERE level NOT IN (SELECT DISTINCT p.level FROM areas c JOIN areas p ON p.code = c.parent_code)
   GROUP BY level ORDER BY areas DESC, level LIMIT 1`;

/** The level addresses of this database belong to (see the rule above). */
export function addressLevel(db: Database.Database): AreaLevel {
  const row = db.prepare<[], { level: string }>(LEAF_LEVELS).get();
  return row?.level ?? ADDRESS_LEVEL;
}

/** The level of the parents of `level`'s areas (province for municipality), or null when they have none. */
export function parentLevel(db: Database.Database, level: string): AreaLevel | null {
  const row = db
    .prepare<[string], { level: string }>(
      'SELECT p.level FROM areas c JOIN areas p ON p.code = c.parent_code WHERE c.level = ? GROUP BY p.level ORDER BY COUNT(*) DESC, p.level LIMIT 1',
    )
    .get(level);
  return row?.level ?? null;
}

/** Why a level name is not allowed, or null. */
export function levelNameProblem(level: string): string | null {
  return LEVEL_NAME.test(level)
    ? null
    : `a level name is a lower-case identifier of letters, digits and _, starting with a letter, at most 32 characters (got '${level}')`;
}
