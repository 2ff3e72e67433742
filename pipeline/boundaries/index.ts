// Loads one area level from a boundary file (GeoJSON, TopoJSON or Shapefile: read-source.ts) into
// the areas table, replacing that level atomically.
import type Database from 'better-sqlite3';
import type { AreaLevel } from '../../common/constants.ts';
import { levelNameProblem } from '../../common/levels.ts';
import { bboxOf } from './geometry.ts';
import { BoundaryError, readBoundaries, readBoundariesSync, type BoundarySource } from './read-source.ts';
import { validateBoundaries, type BoundaryFields, type FeatureProblem } from './validate.ts';

export { BoundaryError, readBoundaries, type BoundarySource } from './read-source.ts';

export interface LoadBoundariesOptions extends Omit<BoundaryFields, 'quantised'> {
  file: string;
  level: AreaLevel;
  /** The TopoJSON object or zipped Shapefile layer to read. */
  object?: string | null;
  /** The file as read already (readBoundaries, needed for Shapefiles); read here when absent. */
  source?: BoundarySource;
  /** Who the boundaries are from (`;`-separated credits), shown with the map, reports and exports; absent: none stored. */
  attribution?: string;
}

const MAX_LISTED = 20;

function listed(problems: FeatureProblem[]): string[] {
  return problems
    .slice(0, MAX_LISTED)
    .map((p) => (p.index < 0 ? `  ${p.problem}` : `  feature ${p.index}${p.code ? ` (code ${p.code})` : ''}: ${p.problem}`));
}

function describe(file: string, problems: FeatureProblem[]): string {
  const lines = listed(problems);
  if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more`);
  return `${file}: ${problems.length} problem(s); nothing was loaded. Fix the file and run again.\n${lines.join('\n')}`;
}

/** Reads any boundary file (Shapefiles too) and loads it: see loadBoundaries. */
export async function loadBoundaryFile(db: Database.Database, options: LoadBoundariesOptions) {
  return loadBoundaries(db, { ...options, source: options.source ?? (await readBoundaries(options.file, options.object)) });
}

/** Validates the whole file first; on any problem throws BoundaryError and changes nothing. */
export function loadBoundaries(
  db: Database.Database,
  options: LoadBoundariesOptions,
): { level: AreaLevel; areas: number; warnings: string[] } {
  const badLevel = levelNameProblem(options.level);
  if (badLevel) throw new BoundaryError(`${options.file}: ${badLevel}; nothing was loaded.`);
  const source = options.source ?? readBoundariesSync(options.file, options.object);
  const fields = { ...options, quantised: source.format === 'topojson' };
  const { areas, problems, warnings } = validateBoundaries(source.collection, fields);
  if (problems.length > 0) throw new BoundaryError(describe(options.file, problems));
  if (areas.length === 0) throw new BoundaryError(`${options.file}: the file holds no features; nothing was loaded.`);

  const otherLevel = db.prepare('SELECT level FROM areas WHERE code = ? AND level <> ?').pluck();
  const remove = db.prepare('DELETE FROM areas WHERE level = ?');
  // The level's credit goes with its areas: replaced, or dropped when the new file names none.
  const removeCredit = db.prepare('DELETE FROM boundary_credits WHERE level = ?');
  const insertCredit = db.prepare('INSERT INTO boundary_credits (level, credit) VALUES (?, ?)');
  const insert = db.prepare(`INSERT INTO areas
    (code, level, name, parent_code, min_lon, min_lat, max_lon, max_lat, geometry, properties)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    remove.run(options.level);
    removeCredit.run(options.level);
    if (options.attribution?.trim()) insertCredit.run(options.level, options.attribution.trim());
    for (const area of areas) {
      const clash = otherLevel.get(area.code, options.level);
      if (clash)
        throw new BoundaryError(
          `${options.file}: code ${area.code} is already an area at level '${clash}'; codes must be unique across levels. Nothing was loaded.`,
        );
      insert.run(
        area.code,
        options.level,
        area.name,
        area.parentCode,
        ...bboxOf(area.geometry),
        JSON.stringify(area.geometry),
        JSON.stringify(area.properties),
      );
    }
  })();
  const more = warnings.length > MAX_LISTED ? [`  … and ${warnings.length - MAX_LISTED} more`] : [];
  return { level: options.level, areas: areas.length, warnings: warnings.length > 0 ? [...listed(warnings), ...more] : [] };
}
