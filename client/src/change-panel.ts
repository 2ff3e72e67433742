// The change panel, shown while a release is compared with the viewed one ("compare with"): the
// nation's figures with links to their addresses, and the areas of the chosen level that lost most
// and gained most. Each area name opens it.
import type { AreaChange, Changes } from '../../common/api.ts';
import { api } from './api.ts';
import { shownLevel } from './area-table.ts';
import { changeFigures } from './change-view.ts';
import { h, replace } from './dom.ts';
import { latestOnly } from './figures.ts';
import { formatInt, levelName, t } from './i18n.ts';
import { changed, type Store } from './store.ts';

/** Areas listed per figure in the panel: the most affected ones; the API lists every area. */
const TOP = 10;

function topAreas(changes: Changes, kind: 'lost' | 'newly_covered', title: string, open: (code: string) => void): HTMLElement | null {
  const rows = [...(changes.areas ?? [])]
    .filter((a) => a[kind] > 0)
    .sort((a, b) => b[kind] - a[kind] || a.name.localeCompare(b.name))
    .slice(0, TOP);
  if (rows.length === 0) return null;
  const row = (a: AreaChange) => {
    const button = h('button', { type: 'button', class: 'link', 'data-code': a.code }, a.name);
    button.addEventListener('click', () => open(a.code));
    return h('tr', {}, h('th', { scope: 'row' }, button), h('td', { class: 'num' }, formatInt(a[kind])));
  };
  return h('table', { class: 'counts', id: `change-top-${kind}` }, h('caption', {}, title), h('tbody', {}, ...rows.map(row)));
}

export function mountChangePanel(target: HTMLElement, store: Store): void {
  const run = latestOnly(target, t('comparePanel'));
  const open = (code: string) => store.set({ area: code });
  const load = () => {
    const state = store.get();
    target.hidden = !state.compare;
    if (!state.compare) return;
    const level = shownLevel(state.level);
    void run(
      () => api.changes(state, { from: state.compare, level }),
      (changes) => {
        const levels = levelName(level, 'title');
        replace(
          target,
          h('h2', { id: 'change-title' }, t('comparePanel')),
          // The stored diffs hold the classes of all offers: say so rather than let the figures pass for fixed lines.
          state.fixedOnly ? h('p', { class: 'caption', id: 'change-all-offers' }, t('changeAllOffers')) : null,
          changeFigures(changes),
          topAreas(changes, 'lost', `${t('changeLost')}: ${levels}`, open),
          topAreas(changes, 'newly_covered', `${t('changeNewlyCovered')}: ${levels}`, open),
        );
      },
    );
  };
  load();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'compare', 'release', 'down', 'up', 'fixedOnly', 'lang', 'level')) load();
  });
}
