// The national picture: headline figures for the selection, progress towards the goal (addresses to
// go by the goal year, projected year, status), covered % across all releases, and the "on track?"
// table of the areas of the chosen level, worst status and latest projected year first.
import type { AreaList, Meta, Summary } from '../../common/api.ts';
import type { ReleaseInfo } from '../../common/types.ts';
import { api } from './api.ts';
import { shownLevel } from './area-table.ts';
import { trendChart } from './chart.ts';
import { h, replace } from './dom.ts';
import { countsTable, headline, latestOnly } from './figures.ts';
import { formatTechnology, levelName, t } from './i18n.ts';
import { byStatusThenYear, progressColumns, progressSection } from './progress-view.ts';
import { sortableTable } from './sortable-table.ts';
import { changed, type Store } from './store.ts';

/** The "on track?" table (its own section of the side panel, index.html #on-track). */
function onTrackTable(list: AreaList, store: Store): HTMLElement {
  const caption = t('onTrackCaption', { levels: levelName(list.level, 'title') });
  return h(
    'div',
    {},
    h('p', { class: 'caption' }, caption),
    h(
      'div',
      { class: 'table-scroll' },
      sortableTable({
        id: 'on-track-table',
        caption,
        columns: progressColumns((code) => store.set({ area: code })),
        rows: list.areas,
        tiebreak: (a) => a.name,
        initialOrder: byStatusThenYear,
      }),
    ),
  );
}

/** Returns a function that takes a new release list (releases that arrived since) and draws again. */
export function mountNationalPanel(
  target: HTMLElement,
  /** Where the on-track table goes; null where the server cannot list areas with progress. */
  onTrack: { summary: HTMLElement; body: HTMLElement } | null,
  meta: Meta,
  initialReleases: ReleaseInfo[],
  store: Store,
): (releases: ReleaseInfo[]) => void {
  let releases = initialReleases;
  const run = latestOnly(target, t('national'));
  const render = () => {
    const state = store.get();
    // The API lists releases oldest first, so the chart reads left to right.
    void run(
      () =>
        Promise.all([
          onTrack ? api.areasProgress(state, { level: shownLevel(state.level) }) : null,
          api.summary(state),
          ...releases.map((r) => api.summary({ ...state, release: r.label })),
        ]),
      ([areas, current, ...trend]: [AreaList | null, Summary, ...Summary[]]) => {
        if (onTrack && areas) {
          onTrack.summary.textContent = t('onTrackTitle', { year: current.progress.goal_year });
          replace(onTrack.body, onTrackTable(areas, store));
        }
        replace(
          target,
          headline(current),
          h('p', { class: 'goal-line' }, t('goal', { pct: current.progress.goal_pct, year: current.progress.goal_year })),
          progressSection(current.progress, { name: t('nationalRow'), level: null, covered_pct: current.covered_pct }),
          trendChart(
            trend.map((s) => ({ label: s.release, covered: s.covered, addresses: s.addresses })),
            meta.goal.covered_pct,
            t('progress'),
          ),
          countsTable(current.by_technology, (r) => formatTechnology(r.technology), t('technology'), t('byTechnology'), current.addresses),
        );
      },
    );
  };
  render();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'release', 'down', 'lang', 'level')) render();
  });
  return (next) => {
    releases = next;
    render();
  };
}
