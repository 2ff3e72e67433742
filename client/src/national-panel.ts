// The national picture: headline figures for the selection and covered % across all releases,
// measured against the goal.
import type { ReleaseInfo } from '../../common/types.ts';
import { api } from './api.ts';
import type { Meta } from '../../common/api.ts';
import { trendChart } from './chart.ts';
import { h, replace } from './dom.ts';
import { headline, countsTable, latestOnly } from './figures.ts';
import { formatInt, formatTechnology, t } from './i18n.ts';
import { changed, type Store } from './store.ts';

/** Returns a function that takes a new release list (releases that arrived since) and draws again. */
export function mountNationalPanel(
  target: HTMLElement,
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
      () => Promise.all([api.summary(state), ...releases.map((r) => api.summary({ ...state, release: r.label }))]),
      ([current, ...trend]) => {
        const toGo = Math.max(0, Math.round((current.addresses * meta.goal.covered_pct) / 100) - current.covered);
        replace(
          target,
          headline(current),
          h(
            'p',
            { class: 'goal-line' },
            t('goal', { pct: meta.goal.covered_pct, year: meta.goal.year }),
            ' · ',
            t('toGo', { count: formatInt(toGo) }),
          ),
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
    if (changed(next, previous, 'release', 'down', 'lang')) render();
  });
  return (next) => {
    releases = next;
    render();
  };
}
