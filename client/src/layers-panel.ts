// Layer switches and the legend: the covered-% classes of the ramp and the uncovered colour.
import { h, replace } from './dom.ts';
import { formatPctBound, t } from './i18n.ts';
import { NO_DATA_COLOR, RAMP, UNCOVERED_COLOR } from './ramp.ts';
import type { StringKey } from './strings.ts';
import { changed, type Store, type ToggleLayer } from './store.ts';

const LABELS: Record<ToggleLayer, StringKey> = {
  areas: 'layerAreas',
  provinces: 'layerProvinces',
  hexes: 'layerHexes',
  uncovered: 'layerUncovered',
  clusters: 'layerClusters',
};

function legend(): HTMLElement {
  const classes = RAMP.map((stop, i) => {
    const next = RAMP[i + 1];
    const text = next ? t('legendRange', { from: formatPctBound(stop.from), to: formatPctBound(next.from) }) : formatPctBound(stop.from);
    return h('li', {}, h('span', { class: 'swatch', style: `background:${stop.color}` }), text);
  }).reverse();
  return h('div', { class: 'legend' },
    h('h3', {}, t('legend')),
    h('ul', {}, ...classes, h('li', {}, h('span', { class: 'swatch', style: `background:${NO_DATA_COLOR}` }), t('noData'))),
    h('ul', {}, h('li', {}, h('span', { class: 'swatch dot', style: `background:${UNCOVERED_COLOR}` }), t('legendUncovered'))));
}

export function mountLayersPanel(target: HTMLElement, available: ToggleLayer[], store: Store): void {
  const render = () => {
    const hidden = store.get().hidden;
    const switches = available.map((layer) => {
      const box = h('input', { type: 'checkbox', id: `layer-${layer}`, checked: !hidden.includes(layer) });
      box.addEventListener('change', () => {
        const rest = store.get().hidden.filter((l) => l !== layer);
        store.set({ hidden: box.checked ? rest : [...rest, layer] });
      });
      return h('li', {}, box, h('label', { for: `layer-${layer}` }, t(LABELS[layer])));
    });
    replace(target, h('fieldset', { class: 'layers' }, h('legend', { class: 'visually-hidden' }, t('layers')), h('ul', {}, ...switches)), legend());
  };
  render();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'lang')) render();
  });
}
