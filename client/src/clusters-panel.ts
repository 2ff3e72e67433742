// Unserved clusters: the largest (or farthest from the network) groups of uncovered addresses, in
// the selected municipality or nationally; a click zooms to one; exports as CSV and GeoJSON.
import { api, apiPath, clusterParams } from './api.ts';
import type { Cluster } from '../../common/api.ts';
import { h, replace } from './dom.ts';
import { latestOnly } from './figures.ts';
import { formatInt, t } from './i18n.ts';
import { changed, type Store } from './store.ts';

type SortKey = 'size' | 'distance';
const SHOWN = 50;

export interface ClusterTarget {
  zoomTo(cluster: Cluster): void;
}

export function mountClustersPanel(target: HTMLElement, available: boolean, store: Store, map: ClusterTarget): void {
  if (!available) {
    replace(target, h('p', { class: 'caption' }, t('clustersUnavailable')));
    store.subscribe((n, p) => changed(n, p, 'lang') && replace(target, h('p', { class: 'caption' }, t('clustersUnavailable'))));
    return;
  }
  let sort: SortKey = 'size';
  const list = h('div', { class: 'table-scroll short' });
  const run = latestOnly(list, t('clusters'));

  // The server sorts by size largest first and by distance nearest first.
  const direction: Record<SortKey, 'descending' | 'ascending'> = { size: 'descending', distance: 'ascending' };
  const sortButton = (key: SortKey, label: string) => {
    const active = sort === key;
    const arrow = active ? (direction[key] === 'ascending' ? ' ▲' : ' ▼') : '';
    const b = h(
      'button',
      { type: 'button', class: 'sort', 'aria-label': t('sortBy', { column: label }) },
      label,
      h('span', { 'aria-hidden': 'true' }, arrow),
    );
    b.addEventListener('click', () => {
      sort = key;
      load();
    });
    return b;
  };

  // Municipality names for the codes clusters carry, read once.
  let names: Promise<Map<string, string>> | null = null;
  const areaNames = () =>
    (names ??= api
      .areas(store.get(), 'municipality')
      .then((res) => new Map(res.areas.map((a) => [a.code, a.name])))
      .catch(() => new Map<string, string>()));
  let known = new Map<string, string>();
  const nameOf = (code: string) => known.get(code) ?? code;

  // Numbered #1..#n in the list's order, as the PDF numbers an area's clusters; the id stays in the label.
  const table = (clusters: Cluster[]) =>
    h(
      'table',
      { class: 'clusters' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, '#'),
          h(
            'th',
            { scope: 'col', class: 'num', 'aria-sort': sort === 'size' ? direction.size : null },
            sortButton('size', t('clusterSize')),
          ),
          h(
            'th',
            { scope: 'col', class: 'num', 'aria-sort': sort === 'distance' ? direction.distance : null },
            sortButton('distance', t('clusterDistance')),
          ),
          h('th', { scope: 'col' }, t('clusterAreas')),
        ),
      ),
      h(
        'tbody',
        {},
        ...clusters.map((c, i) => {
          const zoom = h(
            'button',
            {
              type: 'button',
              class: 'link',
              'data-id': c.id,
              title: t('clusterZoom', { id: String(c.id) }),
              'aria-label': t('clusterZoom', { id: String(c.id) }),
            },
            `#${i + 1}`,
          );
          zoom.addEventListener('click', () => map.zoomTo(c));
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, zoom),
            h('td', { class: 'num' }, formatInt(c.addresses_in_area ?? c.addresses)),
            h('td', { class: 'num' }, c.nearest_covered_m === null ? '–' : formatInt(c.nearest_covered_m)),
            h('td', { class: 'areas' }, c.area_codes.map(nameOf).join(', ')),
          );
        }),
      ),
    );

  const exports = () => {
    const state = store.get();
    const params = { ...clusterParams(state), area: state.area, sort };
    return h(
      'p',
      { class: 'downloads inline' },
      h('a', { href: apiPath('/api/v1/clusters.csv', params), download: '' }, t('exportCsv')),
      ' ',
      h('a', { href: apiPath('/api/v1/clusters.geojson', params), download: '' }, t('exportGeojson')),
    );
  };

  function load() {
    const state = store.get();
    void run(
      () => Promise.all([api.clusters(state, state.area, sort, SHOWN), areaNames()]),
      ([res, found]) => {
        known = found;
        const scope = `${state.area ? t('clustersScope', { area: nameOf(state.area) }) : t('clustersNational')} · ${t('clustersTotal', { clusters: formatInt(res.total), addresses: formatInt(res.total_addresses) })}`;
        replace(
          list,
          h('p', { class: 'caption' }, scope),
          res.clusters.length ? table(res.clusters) : h('p', {}, t('clustersEmpty')),
          exports(),
        );
      },
    );
  }
  replace(target, list);
  load();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'release', 'down', 'area', 'lang')) load();
  });
}
