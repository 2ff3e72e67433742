// Layer switches (the legend is docked on the map: map-legend.ts).
import { h, replace } from './dom.ts';
import { t } from './i18n.ts';
import type { StringKey } from './strings.ts';
import { changed, type Store, type ToggleLayer } from './store.ts';

const LABELS: Record<ToggleLayer, StringKey> = {
  areas: 'layerAreas',
  provinces: 'layerProvinces',
  hexes: 'layerHexes',
  uncovered: 'layerUncovered',
  clusters: 'layerClusters',
};

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
    replace(target, h('fieldset', { class: 'layers' }, h('legend', { class: 'visually-hidden' }, t('layers')), h('ul', {}, ...switches)));
  };
  render();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'lang')) render();
  });
}
