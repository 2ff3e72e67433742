// The legend docked on the map (a MapLibre control): the covered-% ramp with "no data", the
// uncovered addresses as proportional circles with sample sizes, the hexagon shares and the
// clusters; collapsible, and collapsed at first on a phone.
import type * as maplibregl from 'maplibre-gl';
import { h, replace } from './dom.ts';
import { formatInt, formatPctBound, levelName, t } from './i18n.ts';
import { shownLevel } from './area-table.ts';
import { AGGREGATE_K } from './map-style.ts';
import { kindSwatch } from './change-view.ts';
import { CLUSTER_COLOR, COVERED_COLOR, NO_DATA_COLOR, RAMP, UNCOVERED_COLOR } from './ramp.ts';
import { changed, type Store } from './store.ts';

/** Radius of an uncovered-count circle, as AGGREGATE_RADIUS draws it from zoom 7. */
function radius(count: number): number {
  return Math.min(26, Math.max(2, AGGREGATE_K * Math.sqrt(count)));
}

function swatchItem(colour: string, text: string, extra = ''): HTMLElement {
  return h('li', {}, h('span', { class: `swatch ${extra}`, style: `background:${colour}` }), text);
}

function content(store: Store): HTMLElement[] {
  const classes = RAMP.map((stop, i) => {
    const next = RAMP[i + 1];
    return swatchItem(
      stop.color,
      next ? t('legendRange', { from: formatPctBound(stop.from), to: formatPctBound(next.from) }) : formatPctBound(stop.from),
    );
  }).reverse();
  const circles = [10, 100, 400].map((n) => {
    const r = radius(n);
    return h(
      'span',
      { class: 'legend-circle' },
      h('span', { class: 'circle', style: `width:${2 * r}px;height:${2 * r}px;background:${UNCOVERED_COLOR}` }),
      formatInt(n),
    );
  });
  return [
    h('h3', {}, t('legend', { level: levelName(shownLevel(store.get().level), 'one').toLocaleLowerCase() })),
    h('ul', {}, ...classes, swatchItem(NO_DATA_COLOR, t('noData'))),
    h('h3', {}, t('legendUncovered')),
    h('p', { class: 'legend-circles' }, ...circles),
    h(
      'ul',
      {},
      swatchItem(UNCOVERED_COLOR, t('legendSingle'), 'dot'),
      swatchItem(COVERED_COLOR, t('legendCovered'), 'dot'),
      swatchItem(UNCOVERED_COLOR, t('legendHexes'), 'hex'),
      h(
        'li',
        {},
        h('span', { class: 'swatch outline', style: `border-color:${CLUSTER_COLOR};background:${CLUSTER_COLOR}22` }),
        t('layerClusters'),
      ),
    ),
    ...changesLegend(store),
  ];
}

/** While a release is compared: newly covered and lost, as the changes layer draws them. */
function changesLegend(store: Store): HTMLElement[] {
  if (!store.get().compare) return [];
  return [
    h('h3', {}, t('legendChanges')),
    h(
      'ul',
      { class: 'legend-changes' },
      h('li', {}, kindSwatch('newly_covered'), t('changeNewlyCovered')),
      h('li', {}, kindSwatch('lost'), t('changeLost')),
    ),
    h('p', { class: 'caption' }, t('legendChangesNote')),
  ];
}

export class MapLegend implements maplibregl.IControl {
  private readonly box = h('details', { class: 'maplibregl-ctrl map-legend' });

  constructor(
    private readonly store: Store,
    open: boolean,
    /** Whether a release's points are H3 cell centres (location_precision h3r8), which the legend then says. */
    private readonly cellCentres: (release: string | null) => boolean = () => false,
  ) {
    this.box.open = open;
    this.render();
    store.subscribe((next, previous) => {
      if (changed(next, previous, 'lang', 'level', 'compare', 'release')) this.render();
    });
  }

  private render(): void {
    const note = this.cellCentres(this.store.get().release) ? h('p', { class: 'caption cell-centres' }, `${t('cellCentresNote')}.`) : null;
    replace(this.box, h('summary', {}, t('legendTitle')), h('div', { class: 'legend' }, ...content(this.store), note));
  }

  onAdd(): HTMLElement {
    return this.box;
  }

  onRemove(): void {
    this.box.remove();
  }
}
