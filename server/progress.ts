// Progress towards the coverage goal: how many addresses are left to close, at what pace they were
// closed over the last releases, and when that pace reaches the goal. Pure: the routes and reports
// feed it an area's figures per release.
import type { Progress, ProgressStatus } from '../common/api.ts';

/** One release's figures of an area, with the date the data describes. */
export interface ProgressPoint {
  as_of: string | null;
  addresses: number;
  uncovered: number;
}

export interface Goal {
  year: number;
  /** Share of addresses (%) covered that the goal asks for. */
  pct: number;
}

/** How many of the newest dated releases the pace is measured over. */
export const PACE_RELEASES = 3;
/** A pace of at least this share of the needed pace is "at risk" rather than "off track". */
export const AT_RISK_SHARE = 0.5;

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** Decimal year of a day number (2024-07-02 is about 2024.5). */
function decimalYear(day: number): number {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const start = Date.UTC(year, 0, 1) / DAY_MS;
  const end = Date.UTC(year + 1, 0, 1) / DAY_MS;
  return year + (day - start) / (end - start);
}

/** Uncovered addresses the goal allows among `addresses`. */
function allowedUncovered(addresses: number, goalPct: number): number {
  return Math.floor((addresses * (100 - goalPct)) / 100 + 1e-9);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Progress of one area from its figures per release, oldest first; the last point is the release
 * being viewed. The pace is the change of the gap to the goal (uncovered above what the goal allows)
 * per year between the oldest and the newest of the last PACE_RELEASES dated releases.
 */
export function progressOf(series: readonly ProgressPoint[], goal: Goal): Progress {
  const now = series.at(-1) ?? { as_of: null, addresses: 0, uncovered: 0 };
  const gap = (p: ProgressPoint) => Math.max(0, p.uncovered - allowedUncovered(p.addresses, goal.pct));
  const toGo = gap(now);
  const base = { uncovered_now: now.uncovered, goal_year: goal.year, goal_pct: goal.pct, to_go: toGo };
  const dated = series.filter((p): p is ProgressPoint & { as_of: string } => p.as_of !== null && Number.isFinite(dayNumber(p.as_of)));
  const window = dated.slice(-PACE_RELEASES);
  const last = window.at(-1);
  const first = window[0];

  if (toGo === 0) {
    const year = last ? new Date(dayNumber(last.as_of) * DAY_MS).getUTCFullYear() : null;
    return {
      ...base,
      needed_per_year: 0,
      recent_per_year: null,
      projected_year: year,
      status: 'on_track',
      method: 'The goal is met in this release.',
    };
  }
  if (!last || now.as_of === null || last !== now || window.length < 2) {
    return {
      ...base,
      needed_per_year: null,
      recent_per_year: null,
      projected_year: null,
      status: null,
      method: 'A pace needs at least two releases with an as-of date, the viewed one among them.',
    };
  }
  // Calendar years as decimals (2024-07-02 is about 2024.5); the goal's deadline is the end of its year.
  const lastYear = decimalYear(dayNumber(last.as_of));
  const yearsLeft = goal.year + 1 - lastYear;
  const needed = yearsLeft > 0 ? toGo / yearsLeft : toGo;
  const years = lastYear - decimalYear(dayNumber(first.as_of));
  const pace = years > 0 ? (gap(first) - toGo) / years : 0;
  const projected = pace > 0 ? Math.floor(lastYear + toGo / pace) : null;
  const status: ProgressStatus =
    yearsLeft > 0 && pace >= needed ? 'on_track' : yearsLeft > 0 && pace >= AT_RISK_SHARE * needed ? 'at_risk' : 'off_track';
  return {
    ...base,
    needed_per_year: round1(needed),
    recent_per_year: round1(pace),
    projected_year: projected,
    status,
    method:
      `Linear: the gap to ${goal.pct}% closed by ${round1(pace)} addresses a year between ${first.as_of} and ${last.as_of} ` +
      `(${window.length} releases), extrapolated from ${last.as_of}.`,
  };
}

/** Competition rank ("1224") of `code` by covered share (highest first) among the areas with addresses. */
export function rankOf(
  code: string,
  areas: readonly { code: string; addresses: number; covered: number }[],
): { rank: number; rank_of: number } | null {
  const ranked = areas.filter((a) => a.addresses > 0);
  const own = ranked.find((a) => a.code === code);
  if (!own) return null;
  // covered/addresses compared exactly, without rounding: a.covered / a.addresses > own.covered / own.addresses.
  const better = ranked.filter((a) => a.covered * own.addresses > own.covered * a.addresses).length;
  return { rank: 1 + better, rank_of: ranked.length };
}
