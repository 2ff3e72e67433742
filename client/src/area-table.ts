// The area table: a switch between the levels of the data (municipalities, provinces), which the map
// follows; sortable by every column, filtered by name, and the non-visual alternative to the map
// (each name is a button that selects the area).
import type { AreaLevel } from '../../common/constants.ts';
import type { AreaSummary } from '../../common/types.ts';
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { latestOnly, swatch } from './figures.ts';
import { addressLevel, formatInt, formatPct, lang, levelName, t } from './i18n.ts';
import type { StringKey } from './strings.ts';
import { changed, type Store } from './store.ts';

type Column = 'name' | 'addresses' | 'covered_pct' | 'uncovered';
const COLUMNS: { key: Column; label: StringKey }[] = [
  { key: 'name', label: 'name' },
  { key: 'addresses', label: 'addresses' },
  { key: 'covered_pct', label: 'coveredPct' },
  { key: 'uncovered', label: 'uncovered' },
];

interface Sort {
  key: Column;
  ascending: boolean;
}

function compare(sort: Sort): (a: AreaSummary, b: AreaSummary) => number {
  const sign = sort.ascending ? 1 : -1;
  if (sort.key === 'name') return (a, b) => sign * a.name.localeCompare(b.name, lang());
  const key = sort.key;
  // Areas without data (covered % null) go last in either direction.
  const value = (a: AreaSummary) => a[key];
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || a.name.localeCompare(b.name, lang());
    return sign * (x - y) || a.name.localeCompare(b.name, lang());
  };
}

/** The level the map colours and the table lists: the chosen one, else the addresses' own. */
export function shownLevel(level: AreaLevel | null): AreaLevel {
  return level ?? addressLevel();
}

/** A radio group of the data's levels, writing the choice to the store. */
function levelSwitch(levels: readonly AreaLevel[], store: Store): HTMLElement {
  const current = shownLevel(store.get().level);
  const options = levels.map((level) => {
    const radio = h('input', { type: 'radio', name: 'level', id: `level-${level}`, value: level, checked: level === current });
    radio.addEventListener('change', () => store.set({ level: level === addressLevel() ? null : level }));
    return h('label', { for: `level-${level}` }, radio, ' ', levelName(level, 'title'));
  });
  return h('fieldset', { class: 'level-switch' }, h('legend', {}, t('level')), ...options);
}

export function mountAreaTable(target: HTMLElement, levels: readonly AreaLevel[], store: Store): void {
  const levelOf = () => shownLevel(store.get().level);
  let rows: AreaSummary[] = [];
  // Lowest coverage first: the areas that most need attention.
  let sort: Sort = { key: 'covered_pct', ascending: true };
  const filter = h('input', { type: 'search', id: 'table-filter', autocomplete: 'off', 'aria-controls': 'area-table' });
  const count = h('p', { class: 'caption', 'aria-live': 'polite' });
  const table = h('table', { id: 'area-table', class: 'area-table' });
  const body = h('div', { class: 'table-scroll' }, table);
  const run = latestOnly(body, levelName(addressLevel(), 'many'));

  const header = () =>
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...COLUMNS.map(({ key, label }) => {
          const active = sort.key === key;
          const button = h(
            'button',
            { type: 'button', class: 'sort', 'aria-label': t('sortBy', { column: t(label) }) },
            t(label),
            h('span', { 'aria-hidden': 'true' }, active ? (sort.ascending ? ' ▲' : ' ▼') : ''),
          );
          button.addEventListener('click', () => {
            sort = { key, ascending: active ? !sort.ascending : key === 'name' };
            draw();
          });
          return h(
            'th',
            {
              scope: 'col',
              class: key === 'name' ? '' : 'num',
              'aria-sort': active ? (sort.ascending ? 'ascending' : 'descending') : null,
            },
            button,
          );
        }),
      ),
    );

  const row = (a: AreaSummary) => {
    const choose = h('button', { type: 'button', class: 'link', 'data-code': a.code }, a.name);
    choose.addEventListener('click', () => store.set({ area: a.code }));
    const selected = store.get().area === a.code;
    return h(
      'tr',
      { 'aria-current': selected ? 'true' : null, class: selected ? 'selected' : null },
      h('th', { scope: 'row' }, choose),
      h('td', { class: 'num' }, formatInt(a.addresses)),
      h('td', { class: 'num' }, swatch(a.covered_pct), formatPct(a.covered, a.addresses)),
      h('td', { class: 'num' }, formatInt(a.uncovered)),
    );
  };

  const draw = () => {
    const q = filter.value.trim().toLocaleLowerCase();
    const shown = rows.filter((a) => !q || a.name.toLocaleLowerCase().includes(q)).sort(compare(sort));
    replace(
      table,
      h('caption', { class: 'visually-hidden' }, t('tableCaption', { levels: levelName(levelOf(), 'title') })),
      header(),
      h('tbody', {}, ...shown.map(row)),
    );
    count.textContent = t('rowsShown', {
      shown: formatInt(shown.length),
      total: formatInt(rows.length),
      levels: levelName(levelOf(), 'many'),
    });
  };

  const load = () =>
    run(
      () => api.areas(store.get(), levelOf()),
      (res) => {
        rows = res.areas;
        replace(body, table);
        draw();
      },
    );

  const label = h('label', { for: 'table-filter' }, '');
  const setLabel = () => (label.textContent = t('tableFilter', { levels: levelName(levelOf(), 'many') }));
  setLabel();
  filter.addEventListener('input', draw);
  const switchBox = h('div', {}, levels.length > 1 ? levelSwitch(levels, store) : null);
  replace(target, switchBox, label, filter, count, body);
  void load();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'level', 'lang') && levels.length > 1) replace(switchBox, levelSwitch(levels, store));
    if (changed(next, previous, 'level', 'lang')) setLabel();
    if (changed(next, previous, 'release', 'down', 'level')) void load();
    else if (changed(next, previous, 'lang', 'area')) draw();
  });
}
