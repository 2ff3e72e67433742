// Layer switches, and the uncovered layer's technology filter (the legend is docked on the map: map-legend.ts).
import { h, replace } from './dom.ts';
import { t } from './i18n.ts';
import type { StringKey } from './strings.ts';
import { changed, type Store, type ToggleLayer } from './store.ts';

const LABELS: Record<ToggleLayer, StringKey> = {
  areas: 'layerAreas',
  provinces: 'layerProvinces',
  hexes: 'layerHexes',
  covered: 'layerCovered',
  uncovered: 'layerUncovered',
  clusters: 'layerClusters',
};

/** Technology groups the uncovered layer can be limited to (best technology of the address). */
const TECH_GROUPS: { key: StringKey; technologies: string[] }[] = [
  { key: 'techAll', technologies: [] },
  { key: 'techNone', technologies: ['NONE'] },
  { key: 'techCopper', technologies: ['ADSL', 'VDSL'] },
  { key: 'techCable', technologies: ['DOCSIS3.0', 'DOCSIS3.1'] },
  { key: 'techWireless', technologies: ['FWA', 'MOBILE', 'SATELLITE'] },
  { key: 'techFibre', technologies: ['FTTB', 'FTTH'] },
  { key: 'techOther', technologies: ['OTHER'] },
];

function technologyFilter(store: Store): HTMLElement {
  const chosen = store.get().uncoveredTech.join(',');
  const options = TECH_GROUPS.map((g) =>
    h('option', { value: g.technologies.join(','), selected: g.technologies.join(',') === chosen }, t(g.key)),
  );
  // A list from a hand-written link that is no group still shows what is applied.
  if (!TECH_GROUPS.some((g) => g.technologies.join(',') === chosen)) options.push(h('option', { value: chosen, selected: true }, chosen));
  const select = h('select', { id: 'uncovered-tech' }, ...options);
  select.addEventListener('change', () => store.set({ uncoveredTech: select.value ? select.value.split(',') : [] }));
  return h('p', { class: 'uncovered-tech' }, h('label', { for: 'uncovered-tech' }, t('uncoveredTech')), ' ', select);
}

export function mountLayersPanel(target: HTMLElement, available: ToggleLayer[], store: Store): void {
  let boxes = new Map<ToggleLayer, HTMLInputElement>();
  const render = () => {
    const hidden = store.get().hidden;
    boxes = new Map();
    const switches = available.map((layer) => {
      const box = h('input', { type: 'checkbox', id: `layer-${layer}`, checked: !hidden.includes(layer) });
      boxes.set(layer, box);
      box.addEventListener('change', () => {
        const rest = store.get().hidden.filter((l) => l !== layer);
        store.set({ hidden: box.checked ? rest : [...rest, layer] });
      });
      return h('li', {}, box, h('label', { for: `layer-${layer}` }, t(LABELS[layer])));
    });
    const filter = available.includes('uncovered') ? [technologyFilter(store)] : [];
    replace(
      target,
      h('fieldset', { class: 'layers' }, h('legend', { class: 'visually-hidden' }, t('layers')), h('ul', {}, ...switches)),
      ...filter,
    );
  };
  render();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'lang', 'uncoveredTech')) render();
    // A link or the back button can switch layers too: the boxes follow, kept in place (and in focus).
    else if (changed(next, previous, 'hidden')) for (const [layer, box] of boxes) box.checked = !next.hidden.includes(layer);
  });
}
