// Popups for what a click on the map picks: uncovered addresses (details fetched from the API)
// or a hexagon's counts.
import * as maplibregl from 'maplibre-gl';
import type { LngLatLike, MapGeoJSONFeature } from 'maplibre-gl';
import { api, staticSite } from './api.ts';
import { clusterAddresses } from './cluster-addresses.ts';
import type { Address } from '../../common/api.ts';
import { h, replace } from './dom.ts';
import { formatInt, formatSpeed, formatTechnology, levelName, t } from './i18n.ts';
import type { State } from './store.ts';

const MAX_LISTED = 5;

export interface AreaRef {
  code: string;
  name: string;
}

/**
 * A popup for the picked features; when an area lies under them, a button opens it, so a click
 * inside an area can always reach its panel. `cellCentres`: the release's points are H3 cell centres.
 */
export function showFeaturePopup(
  map: maplibregl.Map,
  at: LngLatLike,
  features: MapGeoJSONFeature[],
  state: State,
  area: AreaRef | null,
  openArea: (code: string) => void,
  cellCentres = false,
): maplibregl.Popup {
  const body = h('div', { class: 'popup-body' });
  const wrapper = h('div', { class: 'popup' }, body);
  if (area) {
    const open = h('button', { type: 'button', class: 'open-area', 'data-code': area.code }, t('openArea', { name: area.name }));
    open.addEventListener('click', () => openArea(area.code));
    wrapper.append(open);
  }
  const popup = new maplibregl.Popup({ maxWidth: '320px', focusAfterOpen: true }).setLngLat(at).setDOMContent(wrapper).addTo(map);
  const first = features[0];
  if (first.layer.id === 'uncovered-point') fillAddresses(body, features, state, cellCentres);
  else if (first.layer.id.startsWith('cluster-')) replace(body, clusterText(first.properties));
  else if (first.layer.id === 'uncovered-aggregate')
    replace(body, h('p', {}, t('aggregatePopup', { count: formatInt(Number(first.properties.count)) })));
  else replace(body, countsText(first.properties));
  return popup;
}

function clusterText(props: Record<string, unknown>): HTMLElement {
  const distance = props.nearest_covered_m;
  return h(
    'div',
    {},
    h('p', {}, t('clusterPopup', { id: String(props.id), addresses: formatInt(Number(props.addresses)) })),
    typeof distance === 'number' ? h('p', {}, t('clusterPopupDistance', { distance: formatInt(distance) })) : null,
    props.technologies
      ? h('p', {}, t('clusterPopupTech', { list: String(props.technologies).split(' ').map(formatTechnology).join(', ') }))
      : null,
    // A cluster's address pages come from a live server; a static site holds the national CSVs instead.
    staticSite() ? null : clusterAddresses(Number(props.id), Number(props.addresses)),
  );
}

function countsText(props: Record<string, unknown>): HTMLElement {
  const uncovered = Number(props.uncovered);
  const addresses = Number(props.addresses);
  return h('p', {}, t('hexPopup', { uncovered: formatInt(uncovered), addresses: formatInt(addresses) }));
}

/** On a static site the tile's own fields are all there is: the address id and its best offer. */
function tileAddresses(features: MapGeoJSONFeature[]): HTMLElement[] {
  const seen = new Map(features.map((f) => [String(f.properties.address_id), f.properties]));
  return [...seen].slice(0, MAX_LISTED).map(([id, p]) => {
    const down = Number(p.best_down);
    const offer = p.best_technology && down > 0 ? `${formatTechnology(String(p.best_technology))} ${formatSpeed(down)}` : t('noOffers');
    return h('p', { class: 'address-line' }, t('staticAddress', { id, offer }));
  });
}

/** The note that a point is its H3 cell's centre, not the building (FCC BDC releases: location_precision h3r8). */
function cellCentreNote(): HTMLElement {
  return h('p', { class: 'caption cell-centre' }, t('cellCentre'));
}

function fillAddresses(body: HTMLElement, features: MapGeoJSONFeature[], state: State, cellCentres: boolean): void {
  if (staticSite()) {
    replace(body, ...tileAddresses(features), ...(cellCentres ? [cellCentreNote()] : []));
    return;
  }
  const ids = [...new Set(features.map((f) => String(f.properties.address_id)))].slice(0, MAX_LISTED);
  replace(body, h('p', {}, t('loading')));
  Promise.all(ids.map((id) => api.addressById(state, id)))
    .then((results) => replace(body, ...results.map((r) => addressCard(r.address))))
    .catch((err: Error) => replace(body, h('p', { class: 'error' }, t('loadFailed', { what: ids.join(', '), message: err.message }))));
}

export function addressLine(a: Address): string {
  const number = `${a.house_number ?? ''}${a.house_letter ?? ''}${a.house_number_suffix ? `-${a.house_number_suffix}` : ''}`;
  return [[a.street, number].filter(Boolean).join(' '), [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** One address with its coverage verdict and every offer. */
export function addressCard(a: Address): HTMLElement {
  const offers = a.offers.length
    ? h(
        'table',
        { class: 'offers' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('provider')),
            h('th', { scope: 'col' }, t('technology')),
            h('th', { scope: 'col' }, t('down')),
            h('th', { scope: 'col' }, t('up')),
          ),
        ),
        h(
          'tbody',
          {},
          ...a.offers.map((o) =>
            h(
              'tr',
              {},
              h('td', {}, o.provider ?? '–'),
              h('td', {}, formatTechnology(o.technology)),
              h('td', { class: 'num' }, formatSpeed(o.down)),
              h('td', { class: 'num' }, formatSpeed(o.up)),
            ),
          ),
        ),
      )
    : h('p', {}, t('noOffers'));
  return h(
    'div',
    { class: 'address-card' },
    h('p', { class: 'address-line' }, addressLine(a)),
    h(
      'p',
      { class: 'caption' },
      a.area.level ? `${levelName(a.area.level, 'one')}: ${a.area.name ?? a.area.code} (${a.area.code})` : a.area.code,
    ),
    a.location_precision === 'h3r8' ? cellCentreNote() : null,
    h('p', { class: a.covered ? 'verdict covered' : 'verdict uncovered' }, a.covered ? t('isCovered') : t('isNotCovered')),
    h('p', { class: 'caption' }, t('offers')),
    offers,
  );
}
