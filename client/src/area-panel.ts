// The panel of the selected area (a municipality or a province): its figures, its progress towards
// the goal (rank, the parent's and the nation's figures, the projection), a province's table of its
// municipalities, by technology and provider, the trend over releases, and its downloads. Escape or
// the close button deselects it.
import { api, apiPath, selectionParams } from './api.ts';
import type { AreaDetail, AreaList, Changes, Meta } from '../../common/api.ts';
import { changeFigures } from './change-view.ts';
import type { Capabilities } from './capabilities.ts';
import { trendChart } from './chart.ts';
import { h, replace } from './dom.ts';
import { countsTable, headline, latestOnly } from './figures.ts';
import { addressLevel, formatTechnology, levelName, t } from './i18n.ts';
import { byStatusThenYear, progressColumns, progressSection } from './progress-view.ts';
import { sortableTable } from './sortable-table.ts';
import type { StringKey } from './strings.ts';
import { changed, type State, type Store } from './store.ts';

export interface AreaPanelOptions {
  meta: Meta;
  caps: Capabilities;
  /** Called with a newly selected area's details (not on a release or threshold change). */
  onSelected: (detail: AreaDetail) => void;
  /** Whether a release before the viewed one (null: the newest) exists to compare with; absent: ask the server. */
  hasEarlier?: (release: string | null) => boolean;
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

/** A province's table of its municipalities (any area's table of the areas inside it). */
function childrenTable(detail: AreaDetail, children: AreaList, open: (code: string) => void): HTMLElement {
  const caption = t('areasIn', { levels: levelName(children.level, 'title'), name: detail.name });
  return h(
    'section',
    { class: 'children' },
    h('h3', {}, caption),
    h(
      'div',
      { class: 'table-scroll' },
      sortableTable({
        id: 'children-table',
        caption,
        columns: progressColumns(open),
        rows: children.areas,
        tiebreak: (a) => a.name,
        initialOrder: byStatusThenYear,
      }),
    ),
  );
}

function render(
  target: HTMLElement,
  detail: AreaDetail,
  children: AreaList | null,
  changes: Changes | null,
  state: State,
  opts: AreaPanelOptions,
  close: () => void,
  open: (code: string) => void,
): void {
  const closeButton = h('button', { type: 'button', class: 'close', 'aria-label': t('closePanel') }, '×');
  closeButton.addEventListener('click', close);
  replace(
    target,
    h(
      'div',
      { class: 'panel-head' },
      h(
        'h2',
        { id: 'area-title', tabindex: '-1' },
        detail.name,
        ' ',
        h('span', { class: 'code' }, detail.code),
        h('span', { class: 'level-name', 'data-level': detail.level }, levelName(detail.level, 'one')),
      ),
      closeButton,
    ),
    headline(detail),
    progressSection(detail.progress, detail),
    changes ? h('section', { class: 'change-since' }, h('h3', {}, t('changeTitle')), changeFigures(changes)) : null,
    children && children.areas.length > 0 ? childrenTable(detail, children, open) : null,
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
  const run = latestOnly(target, levelName(addressLevel(), 'one'));
  const close = () => store.set({ area: null });
  const open = (code: string) => store.set({ area: code });
  const load = (fresh: boolean) => {
    const state = store.get();
    target.hidden = !state.area;
    if (!state.area) return;
    const code = state.area;
    void run(
      async () => {
        // No earlier release (not asked, or 404) or a server without the changes routes: no change section.
        const ask = opts.caps.changes && (opts.hasEarlier?.(state.release) ?? true);
        const changes = ask ? api.changes(state, { area: code }).catch(() => null) : Promise.resolve(null);
        const detail = await api.area(state, code);
        // Areas of a coarser level than the addresses' own have areas inside them (a province's municipalities).
        const children =
          detail.level === addressLevel() || !opts.caps.progressLists ? null : await api.areasProgress(state, { parent: detail.code });
        return { detail, children, changes: await changes };
      },
      ({ detail, children, changes }) => {
        render(target, detail, children, changes, store.get(), opts, close, open);
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
