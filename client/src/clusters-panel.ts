// Unserved clusters for planners: the largest (or nearest to the network) groups of uncovered
// addresses, filtered by size, municipality and the technologies present (e.g. copper only), a
// page at a time, numbered per area as the PDF report numbers them; a click zooms to one; exports.
import { api, apiPath, clusterQuery, type Params } from './api.ts';
import type { Cluster } from '../../common/api.ts';
import { h, replace } from './dom.ts';
import { latestOnly } from './figures.ts';
import { addressLevel, formatInt, levelName, parentLevel, t } from './i18n.ts';
import { changed, type Store } from './store.ts';
import type { StringKey } from './strings.ts';
import { CLUSTERS_PER_PAGE } from '../../common/static-site.ts';

type SortKey = 'size' | 'distance';
export { CLUSTERS_PER_PAGE };

/** Technology families a planner asks about, in the connection CSV's vocabulary. */
const FAMILIES: { key: StringKey; codes: string[] }[] = [
  { key: 'familyCopper', codes: ['ADSL', 'VDSL'] },
  { key: 'familyCable', codes: ['DOCSIS3.0', 'DOCSIS3.1'] },
  { key: 'familyFibre', codes: ['FTTH', 'FTTB'] },
  { key: 'familyWireless', codes: ['FWA', 'MOBILE', 'SATELLITE'] },
  { key: 'familyNone', codes: ['NONE'] },
];

export interface ClusterTarget {
  zoomTo(cluster: Cluster): void;
}

interface Filters {
  min: number;
  /** Area code, or null for everywhere; follows the selected area until changed here. */
  area: string | null;
  /** Index into FAMILIES, or -1 for any technology. */
  family: number;
  only: boolean;
  sort: SortKey;
  offset: number;
}

/** The query of the list and its exports. */
function filterParams(f: Filters): Params {
  const family = FAMILIES[f.family];
  return {
    area: f.area,
    min_addresses: f.min > 1 ? f.min : null,
    technology: family ? family.codes.join(',') : null,
    technology_match: family && f.only ? 'only' : null,
    sort: f.sort,
  };
}

/**
 * `prebuiltCsv`: on a static site, the file of every cluster; the site holds the unfiltered pages of
 * every area only, so the size and technology filters are not offered and that file is the export.
 */
export function mountClustersPanel(
  target: HTMLElement,
  available: boolean,
  store: Store,
  map: ClusterTarget,
  prebuiltCsv: string | null = null,
): void {
  if (!available) {
    replace(target, h('p', { class: 'caption' }, t('clustersUnavailable')));
    store.subscribe((n, p) => changed(n, p, 'lang') && replace(target, h('p', { class: 'caption' }, t('clustersUnavailable'))));
    return;
  }
  const filters: Filters = { min: 1, area: store.get().area, family: -1, only: false, sort: 'size', offset: 0 };
  const form = h('form', { class: 'cluster-filters' });
  // Enter in the size field commits it through 'change'; it must not also submit the form, which
  // would reload the whole page (a form with one text field submits implicitly).
  form.addEventListener('submit', (e) => e.preventDefault());
  const list = h('div', { class: 'cluster-list' });
  const run = latestOnly(list, t('clusters'));

  // Names for the codes clusters carry (the address level's areas) and for a selected parent area, read once.
  let names: Promise<Map<string, string>> | null = null;
  const levelNames = (level: string) =>
    api
      .areas(store.get(), level)
      .then((res) => res.areas.map((a): [string, string] => [a.code, a.name]))
      .catch(() => []);
  const areaNames = () =>
    (names ??= Promise.all([levelNames(addressLevel()), parentLevel() ? levelNames(parentLevel() as string) : []]).then(([m, p]) => {
      leafCodes = m.map(([code]) => code);
      return new Map([...m, ...p]);
    }));
  let known = new Map<string, string>();
  let leafCodes: string[] = [];
  const nameOf = (code: string) => known.get(code) ?? code;

  function renderForm(): void {
    const min = h('input', { id: 'cluster-min', type: 'number', min: 1, step: 1, value: filters.min, inputmode: 'numeric' });
    min.addEventListener('change', () => {
      const n = Math.max(1, Math.floor(Number(min.value)) || 1);
      min.value = String(n);
      update({ min: n });
    });
    const area = h('select', { id: 'cluster-area' }, h('option', { value: '' }, t('clustersEverywhere')));
    const codes = leafCodes.map((code) => [code, nameOf(code)]).sort((a, b) => a[1].localeCompare(b[1]));
    if (filters.area && !leafCodes.includes(filters.area)) area.append(h('option', { value: filters.area }, nameOf(filters.area)));
    for (const [code, name] of codes) area.append(h('option', { value: code }, name));
    area.value = filters.area ?? '';
    area.addEventListener('change', () => update({ area: area.value || null }));
    const tech = h('select', { id: 'cluster-technology' }, h('option', { value: '-1' }, t('clustersAnyTechnology')));
    for (const [i, f] of FAMILIES.entries()) tech.append(h('option', { value: i }, t(f.key)));
    tech.value = String(filters.family);
    tech.addEventListener('change', () => update({ family: Number(tech.value) }));
    const only = h('input', { id: 'cluster-only', type: 'checkbox', checked: filters.only });
    only.addEventListener('change', () => update({ only: only.checked }));
    if (prebuiltCsv) {
      replace(form, h('label', {}, levelName(addressLevel(), 'one'), ' ', area));
      return;
    }
    replace(
      form,
      h('label', {}, t('clustersMinSize'), ' ', min),
      h('label', {}, levelName(addressLevel(), 'one'), ' ', area),
      h('label', {}, t('clustersTechnology'), ' ', tech),
      h('label', { class: 'check' }, only, ' ', t('clustersOnly')),
    );
  }

  function update(patch: Partial<Filters>): void {
    Object.assign(filters, { offset: 0 }, patch);
    load();
  }

  // The server sorts by size largest first and by distance nearest first.
  const direction: Record<SortKey, 'descending' | 'ascending'> = { size: 'descending', distance: 'ascending' };
  const sortButton = (key: SortKey, label: string) => {
    const arrow = filters.sort === key ? (direction[key] === 'ascending' ? ' ▲' : ' ▼') : '';
    const b = h(
      'button',
      { type: 'button', class: 'sort', 'aria-label': t('sortBy', { column: label }) },
      label,
      h('span', { 'aria-hidden': 'true' }, arrow),
    );
    b.addEventListener('click', () => update({ sort: key }));
    return b;
  };
  const sortHeader = (key: SortKey, label: string) =>
    h('th', { scope: 'col', class: 'num', 'aria-sort': filters.sort === key ? direction[key] : null }, sortButton(key, label));

  // Each cluster keeps the number its area's PDF gives it (#1 = largest there), whatever the sort or page.
  const table = (clusters: Cluster[]) =>
    h(
      'div',
      { class: 'table-scroll short' },
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
            sortHeader('size', t('clusterSize')),
            sortHeader('distance', t('clusterDistance')),
            h('th', { scope: 'col' }, t('clusterAreas')),
          ),
        ),
        h(
          'tbody',
          {},
          ...clusters.map((c) => {
            const zoom = h(
              'button',
              {
                type: 'button',
                class: 'link',
                'data-id': c.id,
                title: t('clusterZoom', { id: String(c.id) }),
                'aria-label': t('clusterZoom', { id: String(c.id) }),
              },
              `#${c.number ?? '?'}`,
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
      ),
    );

  const pager = (total: number) => {
    const from = total === 0 ? 0 : filters.offset + 1;
    const to = Math.min(total, filters.offset + CLUSTERS_PER_PAGE);
    const previous = h('button', { type: 'button', class: 'previous', disabled: filters.offset === 0 }, t('previousPage'));
    const next = h('button', { type: 'button', class: 'next', disabled: to >= total }, t('nextPage'));
    previous.addEventListener('click', () => {
      filters.offset = Math.max(0, filters.offset - CLUSTERS_PER_PAGE);
      load();
    });
    next.addEventListener('click', () => {
      filters.offset += CLUSTERS_PER_PAGE;
      load();
    });
    return h(
      'nav',
      { class: 'pager', 'aria-label': t('clusters') },
      previous,
      h(
        'span',
        { class: 'range', 'aria-live': 'polite' },
        t('pageRange', { from: formatInt(from), to: formatInt(to), total: formatInt(total) }),
      ),
      next,
    );
  };

  const exports = () => {
    if (prebuiltCsv) return h('p', { class: 'downloads inline' }, h('a', { href: prebuiltCsv, download: '' }, t('downloadClustersAll')));
    const params = { ...clusterQuery(store.get()), ...filterParams(filters) };
    return h(
      'p',
      { class: 'downloads inline' },
      h('a', { href: apiPath('/api/v1/clusters.csv', params), download: '' }, t('exportCsv')),
      ' ',
      h('a', { href: apiPath('/api/v1/clusters.geojson', params), download: '' }, t('exportGeojson')),
    );
  };

  function load(): void {
    const state = store.get();
    const query = { ...filterParams(filters), limit: CLUSTERS_PER_PAGE, offset: filters.offset };
    void run(
      () => Promise.all([api.clusters(state, query), areaNames()]),
      ([res, found]) => {
        if (known !== found) {
          known = found;
          renderForm();
        }
        const scope = filters.area ? t('clustersScope', { area: nameOf(filters.area) }) : t('clustersNational');
        const totals = t('clustersTotal', { clusters: formatInt(res.total), addresses: formatInt(res.total_addresses) });
        const numbering = filters.area ? t('clustersNumberedIn', { area: nameOf(filters.area) }) : t('clustersNumberedPerArea');
        replace(
          list,
          h('p', { class: 'caption' }, `${scope} · ${totals}`),
          res.clusters.length ? table(res.clusters) : h('p', {}, t('clustersEmpty')),
          res.total > CLUSTERS_PER_PAGE || filters.offset > 0 ? pager(res.total) : null,
          h('p', { class: 'caption' }, numbering),
          exports(),
        );
      },
    );
  }
  renderForm();
  replace(target, form, list);
  load();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'area')) {
      filters.area = next.area;
      filters.offset = 0;
      renderForm();
    }
    if (changed(next, previous, 'lang')) renderForm();
    if (changed(next, previous, 'release', 'down', 'area', 'lang')) load();
  });
}
