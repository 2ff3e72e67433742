// The order of the "on track?" lists (web map and province report): worst status first, then the
// latest projected year (never reaching the goal counts as latest), then the name.
import type { AreaListProgress, ProgressStatus } from './api.ts';

/** off_track 0, at_risk 1, on_track 2; no status (no pace yet) sorts after them as 3. */
export const STATUS_SEVERITY: Record<ProgressStatus, number> = { off_track: 0, at_risk: 1, on_track: 2 };

export function severityOf(status: ProgressStatus | null | undefined): number {
  return status ? STATUS_SEVERITY[status] : 3;
}

export function compareProgress(
  a: { name: string; progress?: Pick<AreaListProgress, 'status' | 'projected_year'> },
  b: { name: string; progress?: Pick<AreaListProgress, 'status' | 'projected_year'> },
  locale?: string,
): number {
  const year = (x: typeof a) => x.progress?.projected_year ?? Number.POSITIVE_INFINITY;
  const later = year(b) - year(a);
  return (
    severityOf(a.progress?.status) - severityOf(b.progress?.status) ||
    (Number.isNaN(later) ? 0 : later) ||
    a.name.localeCompare(b.name, locale)
  );
}
