// The header controls: release and threshold selectors, the language switch and the synthetic-data
// banner, all driven by and writing to the store.
import { DOWN_THRESHOLDS } from '../../common/constants.ts';
import type { ReleaseInfo } from '../../common/types.ts';
import type { Meta } from '../../common/api.ts';
import { byId, h, replace } from './dom.ts';
import { formatSpeed, setLang, t } from './i18n.ts';
import { changed, type Store } from './store.ts';

function releaseLabel(r: ReleaseInfo): string {
  return r.as_of && r.as_of !== r.label ? `${r.label} (${r.as_of})` : r.label;
}

/**
 * `releases` as the API lists them, oldest first; `canCompare` when the server has the changes routes.
 * Returns a function that takes a new list (releases that arrived since).
 */
export function mountControls(
  meta: Meta,
  initialReleases: ReleaseInfo[],
  store: Store,
  canCompare: boolean,
): (releases: ReleaseInfo[]) => void {
  let releases = initialReleases;
  let newestFirst = [...releases].reverse();
  let newest = newestFirst[0]?.label;
  const releaseSelect = byId<HTMLSelectElement>('release-select');
  const thresholdSelect = byId<HTMLSelectElement>('threshold-select');
  const langSwitch = byId<HTMLButtonElement>('lang-switch');
  const banner = byId('synthetic-banner');
  const compareSelect = byId<HTMLSelectElement>('compare-select');
  byId('compare-control').hidden = !canCompare || releases.length < 2;
  const downs = meta.thresholds.down.length ? meta.thresholds.down : [...DOWN_THRESHOLDS];

  const render = () => {
    const state = store.get();
    replace(releaseSelect, ...newestFirst.map((r) => h('option', { value: r.label }, releaseLabel(r))));
    releaseSelect.value = state.release ?? newest ?? '';
    replace(
      thresholdSelect,
      ...[...downs]
        .sort((a, b) => b - a)
        .map((d) => h('option', { value: d, selected: d === state.down }, t('thresholdOption', { speed: formatSpeed(d) }))),
    );
    // Any other release can be compared with the viewed one, in either direction.
    replace(
      compareSelect,
      h('option', { value: '' }, t('compareNone')),
      ...newestFirst.filter((r) => r.label !== releaseSelect.value).map((r) => h('option', { value: r.label }, releaseLabel(r))),
    );
    compareSelect.value = state.compare ?? '';
    const shown = releases.find((r) => r.label === releaseSelect.value);
    banner.hidden = !(shown?.synthetic ?? meta.synthetic);
    langSwitch.lang = state.lang === 'nl' ? 'en' : 'nl';
  };

  releaseSelect.addEventListener('change', () => {
    const value = releaseSelect.value;
    // A release is not compared with itself.
    store.set({ release: value === newest ? null : value, compare: store.get().compare === value ? null : store.get().compare });
  });
  compareSelect.addEventListener('change', () => store.set({ compare: compareSelect.value || null }));
  thresholdSelect.addEventListener('change', () =>
    store.set({ down: Number(thresholdSelect.value) as Meta['thresholds']['default_down'] }),
  );
  langSwitch.addEventListener('click', () => store.set({ lang: store.get().lang === 'nl' ? 'en' : 'nl' }));
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'lang')) setLang(next.lang);
    if (changed(next, previous, 'lang', 'release', 'down', 'compare')) render();
  });
  render();
  return (next) => {
    releases = next;
    newestFirst = [...releases].reverse();
    newest = newestFirst[0]?.label;
    byId('compare-control').hidden = !canCompare || releases.length < 2;
    render();
  };
}
