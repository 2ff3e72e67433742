// Coverage definitions as data (issue 14): the download and upload thresholds a database counts
// coverage at, its goal and its technology vocabulary. `atlas init` stores them in the database;
// a database without them has the Dutch defaults below (today's constants), so older databases
// keep their meaning. Read by the server (GET /api/v1/meta) and checked here for the writer.
import type Database from 'better-sqlite3';
import { DEFAULT_DOWN, DOWN_THRESHOLDS, TECHNOLOGIES, UP_THRESHOLDS } from './constants.ts';
import type { Threshold } from './types.ts';

export interface CoverageGoal {
  /** Download (Mbit/s) an address must reach to count towards the goal: one of `down`. */
  down: number;
  /** Upload it must reach as well (one of `up`), or null for none. */
  up: number | null;
  year: number;
  covered_pct: number;
}

/** A named (download, upload) pair, e.g. the FCC's "served" 100/20: a label for the client's choices. */
export interface CoverageTier {
  name: string;
  down: number;
  /** One of `up`, or null for a download-only tier. */
  up: number | null;
}

export interface CoverageDefinitions {
  down: number[];
  up: number[];
  goal: CoverageGoal;
  technologies: string[];
  /** Named pairs (may be empty): the selector offers them first, labelled "≥ 100/20 Mbit/s (served)". */
  tiers: CoverageTier[];
  /**
   * The map's colour classes of covered %: their lower bounds above 0, rising (0 starts the first
   * class). Dense near 100 where nearly every address is covered (the Netherlands), wider where a
   * tier leaves more behind (the FCC's 100/20).
   */
  ramp: number[];
  /** False for the built-in defaults of a database that `atlas init` never set. */
  stored: boolean;
}

/** Most thresholds per direction: classes are small integers in every aggregate row. */
export const MAX_THRESHOLDS = 8;

/** The thresholds addresses are classed against: class k means speed >= thresholds[k - 1]. */
export interface ClassThresholds {
  down: readonly number[];
  up: readonly number[];
}

/** Colour class bounds (covered %) of a database that sets none: dense near 100, where the Dutch gaps are. */
export const DEFAULT_RAMP = [80, 90, 95, 98, 99.5, 100] as const;
/** Most class bounds: the map's palette has MAX_RAMP + 1 colours. */
export const MAX_RAMP = 7;

/** Today's Dutch definitions: what a database without `atlas init` has. */
export const DEFAULT_DEFINITIONS: CoverageDefinitions = {
  down: [...DOWN_THRESHOLDS],
  up: [...UP_THRESHOLDS],
  goal: { down: DEFAULT_DOWN, up: null, year: 2030, covered_pct: 100 },
  technologies: [...TECHNOLOGIES],
  tiers: [],
  ramp: [...DEFAULT_RAMP],
  stored: false,
};

/** A tier name: short text for a label (letters, digits, spaces and - _ . / of any script). */
const TIER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$/u;

/** Why a list of thresholds is not usable, or null. */
function thresholdsProblem(name: string, values: readonly number[]): string | null {
  if (values.length === 0 || values.length > MAX_THRESHOLDS)
    return `${name}: give 1 to ${MAX_THRESHOLDS} thresholds (got ${values.length})`;
  for (const [i, v] of values.entries()) {
    if (!(Number.isFinite(v) && v > 0 && v <= 100_000)) return `${name}: ${v} is not a speed in Mbit/s (0 < speed <= 100000)`;
    if (i > 0 && v <= values[i - 1]) return `${name}: thresholds must rise (${values[i - 1]} then ${v})`;
  }
  return null;
}

/** Every problem of a set of definitions (empty when it can be stored). */
export function definitionProblems(
  d: Omit<CoverageDefinitions, 'stored' | 'tiers' | 'ramp'> & { tiers?: CoverageTier[]; ramp?: number[] },
): string[] {
  const problems = [thresholdsProblem('down', d.down), thresholdsProblem('up', d.up)].filter((p): p is string => p !== null);
  if (d.ramp !== undefined) {
    if (d.ramp.length === 0 || d.ramp.length > MAX_RAMP) problems.push(`ramp: give 1 to ${MAX_RAMP} class bounds (got ${d.ramp.length})`);
    for (const [i, v] of d.ramp.entries()) {
      if (!(Number.isFinite(v) && v > 0 && v <= 100)) problems.push(`ramp: ${v} is not a covered % above 0 and at most 100`);
      else if (i > 0 && v <= d.ramp[i - 1]) problems.push(`ramp: class bounds must rise (${d.ramp[i - 1]} then ${v})`);
    }
  }
  if (!d.down.includes(d.goal.down)) problems.push(`goal down ${d.goal.down} is not one of the download thresholds (${d.down.join(', ')})`);
  if (d.goal.up !== null && !d.up.includes(d.goal.up))
    problems.push(`goal up ${d.goal.up} is not one of the upload thresholds (${d.up.join(', ')})`);
  if (!(Number.isInteger(d.goal.year) && d.goal.year >= 2000 && d.goal.year <= 2100))
    problems.push(`goal year ${d.goal.year} is not a year 2000..2100`);
  if (!(d.goal.covered_pct >= 0 && d.goal.covered_pct <= 100)) problems.push(`goal percentage ${d.goal.covered_pct} is not 0..100`);
  const unknown = d.technologies.filter((t) => !(TECHNOLOGIES as readonly string[]).includes(t));
  if (unknown.length > 0) problems.push(`unknown technologies: ${unknown.join(', ')} (known: ${TECHNOLOGIES.join(', ')})`);
  if (d.technologies.length === 0) problems.push('give at least one technology');
  const names = new Set<string>();
  for (const t of d.tiers ?? []) {
    if (!TIER_NAME.test(t.name)) problems.push(`tier name '${t.name}' is not 1 to 40 letters, digits, spaces or . _ / -`);
    if (names.has(t.name)) problems.push(`tier name '${t.name}' is given twice`);
    names.add(t.name);
    if (!d.down.includes(t.down))
      problems.push(`tier ${t.name}: down ${t.down} is not one of the download thresholds (${d.down.join(', ')})`);
    if (t.up !== null && !d.up.includes(t.up))
      problems.push(`tier ${t.name}: up ${t.up} is not one of the upload thresholds (${d.up.join(', ')})`);
  }
  return problems;
}

interface DefinitionRow {
  down: string;
  up: string;
  goal: string;
  technologies: string;
  tiers: string;
  ramp: string | null;
}

/** The database's definitions: as `atlas init` stored them, else the defaults. */
export function readDefinitions(db: Database.Database): CoverageDefinitions {
  const row = db
    .prepare<[], DefinitionRow>('SELECT down, up, goal, technologies, tiers, ramp FROM coverage_definitions WHERE id = 1')
    .get();
  if (!row) return DEFAULT_DEFINITIONS;
  return {
    down: JSON.parse(row.down),
    up: JSON.parse(row.up),
    goal: JSON.parse(row.goal),
    technologies: JSON.parse(row.technologies),
    tiers: JSON.parse(row.tiers),
    ramp: row.ramp === null ? [...DEFAULT_RAMP] : JSON.parse(row.ramp),
    stored: true,
  };
}

/** The threshold of a request that names none (the view a user opens): the goal's download and upload, all offers. */
export function defaultThreshold(definitions: Pick<CoverageDefinitions, 'goal'>): Threshold {
  return { down: definitions.goal.down, up: definitions.goal.up, fixed_only: false };
}

/** The class of a speed against thresholds that must hold it: 1-based position (class k: ≥ thresholds[k - 1]). */
function classOf(value: number, thresholds: readonly number[], what: string): number {
  const k = thresholds.indexOf(value);
  if (k < 0) throw new RangeError(`${what} ${value} Mbit/s is not one of this database's thresholds (${thresholds.join(', ')})`);
  return k + 1;
}

/** The smallest download class counted as covered at `down` Mbit/s (one of the definitions' thresholds). */
export function downClassIn(d: Pick<ClassThresholds, 'down'>, down: number): number {
  return classOf(down, d.down, 'download');
}

/** The smallest upload class counted as covered at `up` Mbit/s; 0 without an upload condition. */
export function upClassIn(d: Pick<ClassThresholds, 'up'>, up: number | null | undefined): number {
  return up === null || up === undefined ? 0 : classOf(up, d.up, 'upload');
}

/** The label of a (down, up) pair: "≥ 100/20 Mbit/s" and the name of the tier it is, if any. */
export function pairLabel(d: Pick<CoverageDefinitions, 'tiers'>, down: number, up: number | null): string {
  const tier = d.tiers.find((t) => t.down === down && t.up === up);
  const speeds = up === null ? `≥ ${down} Mbit/s` : `≥ ${down}/${up} Mbit/s`;
  return tier ? `${speeds} (${tier.name})` : speeds;
}

/** The label of the goal's pair, what "covered" means in the figures (pairLabel). */
export function goalLabel(d: Pick<CoverageDefinitions, 'tiers' | 'goal'>): string {
  return pairLabel(d, d.goal.down, d.goal.up);
}

/** The classes an address needs to count towards the goal: [download class, upload class]. */
export function goalClasses(d: CoverageDefinitions): [down: number, up: number] {
  return [downClassIn(d, d.goal.down), upClassIn(d, d.goal.up)];
}

/**
 * The upload of the clusters built for (down, up): clusters exist per download threshold (up null)
 * and for the goal's pair when the goal asks an upload; undefined when none were built for the pair.
 */
export function clusterUpload(d: Pick<CoverageDefinitions, 'goal'>, down: number, up: number | null): number | null | undefined {
  if (up === null) return null;
  return d.goal.up !== null && d.goal.down === down && d.goal.up === up ? up : undefined;
}

/**
 * The goal progress is measured against: the one `atlas init` stored with the definitions, else the
 * `setting` (goalYear, goalPct) that goes with the default definitions.
 */
export function goalTarget(d: CoverageDefinitions, setting: { year: number; pct: number }): { year: number; pct: number } {
  return d.stored ? { year: d.goal.year, pct: d.goal.covered_pct } : setting;
}
