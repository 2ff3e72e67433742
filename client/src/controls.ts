// The header controls: release and "coverage means" selectors (the database's tiers, download, or
// symmetric download and upload, and fixed lines only), the language switch and the synthetic-data banner, all driven by
// and writing to the store.
import type { ReleaseInfo } from '../../common/types.ts';
import type { Meta } from '../../common/api.ts';
import { coverageChoices, type CoverageChoice } from './coverage-choices.ts';
import { byId, h, replace } from './dom.ts';
import { formatSpeed, setLang, t } from './i18n.ts';
import { changed, type Store } from './store.ts';

/** A "coverage means" choice as an option value: '1000', or '1000/1000' for symmetric. */
function coverageValue(down: number, up: number | null): string {
  return up === null ? String(down) : `${down}/${up}`;
}

/** A choice's text: "≥ 1 Gbit/s download", "≥ 1 Gbit/s symmetric …" or "≥ 100/20 Mbit/s", with its tier name. */
function choiceText({ down, up, name }: CoverageChoice): string {
  const text =
    up === null
      ? t('thresholdOption', { speed: formatSpeed(down) })
      : up === down
        ? t('thresholdSymmetric', { speed: formatSpeed(down) })
        : t('thresholdPair', { down: String(down), up: String(up) });
  return name === null ? text : `${text} (${name})`;
}

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
  const fixedOnly = byId<HTMLInputElement>('fixed-only');
  const langSwitch = byId<HTMLButtonElement>('lang-switch');
  const banner = byId('synthetic-banner');
  const compareSelect = byId<HTMLSelectElement>('compare-select');
  byId('compare-control').hidden = !canCompare || releases.length < 2;
  const choices = coverageChoices(meta.definitions);

  const render = () => {
    const state = store.get();
    replace(releaseSelect, ...newestFirst.map((r) => h('option', { value: r.label }, releaseLabel(r))));
    releaseSelect.value = state.release ?? newest ?? '';
    const chosen = coverageValue(state.down, state.up);
    replace(
      thresholdSelect,
      ...choices.map((choice) => {
        const value = coverageValue(choice.down, choice.up);
        return h('option', { value, selected: value === chosen }, choiceText(choice));
      }),
    );
    // An upload condition the list does not offer (from a hand-written link) still shows what is applied.
    if (thresholdSelect.value !== chosen) {
      thresholdSelect.append(
        h('option', { value: chosen, selected: true }, `≥ ${formatSpeed(state.down)} / ${formatSpeed(state.up ?? 0)}`),
      );
    }
    fixedOnly.checked = state.fixedOnly;
    byId('fixed-only-label').title = t('fixedOnlyHint');
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
  thresholdSelect.addEventListener('change', () => {
    const [down, up] = thresholdSelect.value.split('/').map(Number);
    store.set({ down, up: up === undefined ? null : up });
  });
  fixedOnly.addEventListener('change', () => store.set({ fixedOnly: fixedOnly.checked }));
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
