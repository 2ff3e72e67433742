// Loads one area level from a GeoJSON file into the areas table, replacing that level atomically.
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { AreaLevel } from '../../common/constants.ts';
import { describeFormat, detectFormat } from '../import/sniff.ts';
import { bboxOf } from './geometry.ts';
import { validateBoundaries, type BoundaryFields, type FeatureProblem } from './validate.ts';

export interface LoadBoundariesOptions extends BoundaryFields {
  file: string;
  level: AreaLevel;
}

/** A boundary file that cannot be loaded; nothing was changed. */
export class BoundaryError extends Error {}

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

function readCollection(file: string): unknown {
  let text: string;
  try {
    const bytes = readFileSync(file);
    const format = detectFormat(bytes.subarray(0, 4096));
    if (format !== 'text') throw new BoundaryError(`${file}: not a GeoJSON text file: ${describeFormat(format)}.`);
    text = bytes.toString('utf8');
  } catch (err) {
    if (err instanceof BoundaryError) throw err;
    throw new BoundaryError(`${file}: cannot read the boundary file (${(err as Error).message}).`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new BoundaryError(`${file}: not valid JSON (${(err as Error).message}).`);
  }
}

/** Validates the whole file first; on any problem throws BoundaryError and changes nothing. */
export function loadBoundaries(
  db: Database.Database,
  options: LoadBoundariesOptions,
): { level: AreaLevel; areas: number; warnings: string[] } {
  const { areas, problems, warnings } = validateBoundaries(readCollection(options.file), options);
  if (problems.length > 0) throw new BoundaryError(describe(options.file, problems));
  if (areas.length === 0) throw new BoundaryError(`${options.file}: the file holds no features; nothing was loaded.`);

  const otherLevel = db.prepare('SELECT level FROM areas WHERE code = ? AND level <> ?').pluck();
  const remove = db.prepare('DELETE FROM areas WHERE level = ?');
  const insert = db.prepare(`INSERT INTO areas
    (code, level, name, parent_code, min_lon, min_lat, max_lon, max_lat, geometry, properties)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    remove.run(options.level);
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
