// The panel of the selected municipality: its figures, by technology and provider, the trend over
// releases, and its downloads. Escape or the close button deselects it.
import { api, apiPath, selectionParams } from './api.ts';
import type { AreaDetail, Meta } from '../../common/api.ts';
import type { Capabilities } from './capabilities.ts';
import { trendChart } from './chart.ts';
import { h, replace } from './dom.ts';
import { countsTable, headline, latestOnly } from './figures.ts';
import { formatTechnology, t } from './i18n.ts';
import type { StringKey } from './strings.ts';
import { changed, type State, type Store } from './store.ts';

export interface AreaPanelOptions {
  meta: Meta;
  caps: Capabilities;
  /** Called with a newly selected area's details (not on a release or threshold change). */
  onSelected: (detail: AreaDetail) => void;
}

/** The whole files of a static site, labelled by kind. */
const PREBUILT_LABELS: Record<string, StringKey> = {
  gpkg: 'downloadGpkg',
  uncovered_csv: 'downloadUncoveredAll',
  clusters_csv: 'downloadClustersAll',
};

/** Links to the area's files on a live server. */
function liveLinks(detail: AreaDetail, state: State, caps: Capabilities): [string, string][] {
  const code = encodeURIComponent(detail.code);
  const sel = selectionParams(state);
  const links: [string, string][] = [];
  if (caps.reportPdf) links.push([t('reportPdf'), apiPath(`/api/v1/areas/${code}/report.pdf`, { ...sel, lang: state.lang })]);
  if (caps.areaExports) {
    // Spreadsheet-ready: a BOM so Excel reads UTF-8, and `;` with decimal commas for Dutch Excel.
    const csv = { ...sel, bom: 1, delimiter: state.lang === 'nl' ? 'semicolon' : 'comma' };
    links.push([t('uncoveredCsv'), apiPath(`/api/v1/areas/${code}/uncovered.csv`, csv)]);
    links.push([t('uncoveredGeojson'), apiPath(`/api/v1/areas/${code}/uncovered.geojson`, sel)]);
  } else {
    links.push([t('uncoveredCsv'), apiPath('/api/v1/uncovered.csv', { ...sel, area: detail.code })]);
  }
  return links;
}

/** A static site has no per-area files: it links its national ones. */
function prebuiltLinks(prebuilt: Record<string, string>): [string, string][] {
  return Object.entries(prebuilt)
    .filter(([kind]) => kind in PREBUILT_LABELS)
    .map(([kind, href]) => [t(PREBUILT_LABELS[kind]), href]);
}

function downloads(detail: AreaDetail, state: State, caps: Capabilities): HTMLElement {
  const links = caps.prebuilt ? prebuiltLinks(caps.prebuilt) : liveLinks(detail, state, caps);
  return h(
    'div',
    { class: 'downloads' },
    h('h3', {}, t('downloads')),
    h('ul', {}, ...links.map(([text, href]) => h('li', {}, h('a', { href, download: '' }, text)))),
  );
}

function render(target: HTMLElement, detail: AreaDetail, state: State, opts: AreaPanelOptions, close: () => void): void {
  const closeButton = h('button', { type: 'button', class: 'close', 'aria-label': t('closePanel') }, '×');
  closeButton.addEventListener('click', close);
  replace(
    target,
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'area-title', tabindex: '-1' }, detail.name, ' ', h('span', { class: 'code' }, detail.code)),
      closeButton,
    ),
    headline(detail),
    countsTable(detail.by_technology, (r) => formatTechnology(r.technology), t('technology'), t('byTechnology'), detail.addresses),
    countsTable(detail.by_provider, (r) => r.provider, t('provider'), t('byProvider'), detail.addresses),
    h('h3', {}, t('trend')),
    trendChart(
      detail.trend.map((p) => ({ label: p.release, covered: p.covered, addresses: p.addresses })),
      opts.meta.goal.covered_pct,
      t('trend'),
    ),
    downloads(detail, state, opts.caps),
  );
}

export function mountAreaPanel(target: HTMLElement, store: Store, opts: AreaPanelOptions): void {
  const run = latestOnly(target, t('municipality'));
  const close = () => store.set({ area: null });
  const load = (fresh: boolean) => {
    const state = store.get();
    target.hidden = !state.area;
    if (!state.area) return;
    const code = state.area;
    void run(
      () => api.area(state, code),
      (detail) => {
        render(target, detail, store.get(), opts, close);
        if (fresh) {
          opts.onSelected(detail);
          target.querySelector<HTMLElement>('#area-title')?.focus();
        }
      },
    );
  };
  load(false);
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'area')) load(true);
    else if (changed(next, previous, 'release', 'down', 'lang')) load(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && store.get().area) close();
  });
}
