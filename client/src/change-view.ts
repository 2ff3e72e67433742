// What changed between two releases as the panels show it: newly covered, lost, added, removed and
// the net change of the uncovered, each with links to the addresses behind it (CSV and GeoJSON of
// /api/v1/changes/addresses). Newly covered and lost carry the map's colours and shapes.
import type { ChangeFigures, Changes } from '../../common/api.ts';
// Type only: common/changes.ts also holds the diff code (h3-js), which the bundle must not carry.
import type { ChangeKind } from '../../common/changes.ts';
import { apiPath, changeParams } from './api.ts';
import { h } from './dom.ts';
import { formatInt, lang, t } from './i18n.ts';
import { LOST_COLOR, NEWLY_COVERED_COLOR } from './ramp.ts';

/** The API's kinds (common/changes.ts CHANGE_KINDS), in the order the panels list them. */
const CHANGE_KINDS: readonly ChangeKind[] = ['newly_covered', 'lost', 'added', 'removed'];
const KIND_LABEL = { newly_covered: 'changeNewlyCovered', lost: 'changeLost', added: 'changeAdded', removed: 'changeRemoved' } as const;

/** The legend mark of a kind: newly covered a filled blue dot, lost a reddish-purple ring. */
export function kindSwatch(kind: ChangeKind): HTMLElement | null {
  if (kind === 'newly_covered')
    return h('span', { class: 'swatch dot', style: `background:${NEWLY_COVERED_COLOR}`, 'aria-hidden': 'true' });
  if (kind === 'lost') return h('span', { class: 'swatch ring', style: `border-color:${LOST_COLOR}`, 'aria-hidden': 'true' });
  return null;
}

function signed(n: number): string {
  return n > 0 ? `+${formatInt(n)}` : formatInt(n);
}

/** The figures of `changes` (the area's or the nation's) with links to their addresses, at the same threshold. */
export function changeFigures(changes: Changes): HTMLElement {
  const base = { from: changes.from, to: changes.to, ...changeParams(changes.threshold), area: changes.area?.code };
  const links = (kind: ChangeKind) => {
    const csv = apiPath('/api/v1/changes/addresses.csv', { ...base, kind, bom: 1, delimiter: lang() === 'nl' ? 'semicolon' : 'comma' });
    const geojson = apiPath('/api/v1/changes/addresses.geojson', { ...base, kind });
    return h(
      'span',
      { class: 'change-links' },
      h('a', { href: csv, download: '', 'data-kind': kind }, 'CSV'),
      ' · ',
      h('a', { href: geojson, download: '' }, 'GeoJSON'),
    );
  };
  const figure = (kind: keyof ChangeFigures & ChangeKind) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, kindSwatch(kind), t(KIND_LABEL[kind])),
      h('td', { class: 'num', 'data-change': kind }, formatInt(changes[kind])),
      h('td', {}, changes[kind] > 0 ? links(kind) : null),
    );
  return h(
    'div',
    { class: 'change' },
    h('p', { class: 'caption' }, t('changeBetween', { from: changes.from, to: changes.to })),
    h(
      'table',
      { class: 'counts change-table' },
      h('tbody', {}, ...CHANGE_KINDS.map(figure)),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, t('changeNetUncovered')),
          h('td', { class: 'num', 'data-change': 'net_change_uncovered' }, signed(changes.net_change_uncovered)),
          h('td', {}),
        ),
      ),
    ),
  );
}
