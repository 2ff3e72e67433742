// Building blocks the panels share: headline figures, count tables, and loading without races.
import type { Counts } from '../../common/types.ts';
import { h, replace } from './dom.ts';
import { formatInt, formatPct, t } from './i18n.ts';
import { NO_DATA_COLOR, rampColor } from './ramp.ts';

/** Addresses, covered % and uncovered as a description list. */
export function headline(c: Counts): HTMLElement {
  return h(
    'dl',
    { class: 'figures' },
    h('div', {}, h('dt', {}, t('addresses')), h('dd', { 'data-figure': 'addresses' }, formatInt(c.addresses))),
    h(
      'div',
      {},
      h('dt', {}, t('coveredPct')),
      h('dd', { 'data-figure': 'covered_pct' }, swatch(c.covered_pct), formatPct(c.covered, c.addresses)),
    ),
    h('div', {}, h('dt', {}, t('uncovered')), h('dd', { 'data-figure': 'uncovered', class: 'uncovered' }, formatInt(c.uncovered))),
  );
}

/** The ramp colour of a covered %, grey for no data (null). */
export function swatch(pct: number | null): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${pct === null ? NO_DATA_COLOR : rampColor(pct)}`, 'aria-hidden': 'true' });
}

/**
 * A table of addresses per technology or provider, largest first, with each row's share of all
 * `total` addresses (its covered % would say little: a technology either meets a threshold or not).
 */
export function countsTable<T extends Counts>(
  rows: T[],
  keyOf: (row: T) => string,
  keyHeader: string,
  caption: string,
  total: number,
): HTMLElement {
  const sorted = [...rows].sort((a, b) => b.addresses - a.addresses);
  return h(
    'table',
    { class: 'counts' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, keyHeader),
        h('th', { scope: 'col', class: 'num' }, t('addresses')),
        h('th', { scope: 'col', class: 'num' }, t('shareOfAddresses')),
      ),
    ),
    h(
      'tbody',
      {},
      ...sorted.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, keyOf(r)),
          h('td', { class: 'num' }, formatInt(r.addresses)),
          h('td', { class: 'num', 'data-share': '' }, formatPct(r.addresses, total)),
        ),
      ),
    ),
  );
}

/**
 * Runs `load` and renders its result into `target`, dropping the result when a newer load started
 * meanwhile (a slow answer for an old selection must not overwrite a new one).
 */
export function latestOnly(target: HTMLElement, what: string) {
  let generation = 0;
  return async <T>(load: () => Promise<T>, render: (value: T) => void): Promise<void> => {
    const mine = ++generation;
    target.setAttribute('aria-busy', 'true');
    try {
      const value = await load();
      if (mine === generation) render(value);
    } catch (err) {
      if (mine === generation)
        replace(target, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { what, message: (err as Error).message })));
    } finally {
      if (mine === generation) target.removeAttribute('aria-busy');
    }
  };
}
