// Entry point: read the server's metadata, build the state from the URL, and mount the map and
// the panels. Every view talks to the others only through the store.
import * as maplibregl from 'maplibre-gl';
import { TILE_LAYERS } from '../../common/constants.ts';
import type { ReleaseInfo } from '../../common/types.ts';
import { api } from './api.ts';
import type { Meta } from '../../common/api.ts';
import { mountAreaPanel } from './area-panel.ts';
import { mountAreaTable } from './area-table.ts';
import { capabilitiesFrom } from './capabilities.ts';
import { mountClustersPanel } from './clusters-panel.ts';
import { mountControls } from './controls.ts';
import { byId, h, replace } from './dom.ts';
import { formatHash, parseHash } from './hash.ts';
import { browserLang, setLang, t } from './i18n.ts';
import { mountLayersPanel } from './layers-panel.ts';
import type { Sources } from './map-style.ts';
import { createMapView, initialStyle } from './map-view.ts';
import { mountNationalPanel } from './national-panel.ts';
import { mountSearchBox } from './search-box.ts';
import { createStore, TOGGLE_LAYERS, type State, type ToggleLayer } from './store.ts';

const PHONE = '(max-width: 760px)';

async function loadSources(meta: Meta): Promise<Sources> {
  const names = TILE_LAYERS.filter((l) => meta.tile_layers.includes(l));
  const tileJsons = await Promise.all(names.map((l) => api.tileJson(l)));
  return Object.fromEntries(names.map((l, i) => [l, tileJsons[i]]));
}

function availableToggles(sources: Sources): ToggleLayer[] {
  const needs: Record<ToggleLayer, keyof Sources> = {
    areas: 'areas',
    provinces: 'areas',
    hexes: 'hexes',
    uncovered: 'uncovered',
    clusters: 'clusters',
  };
  return TOGGLE_LAYERS.filter((l) => needs[l] in sources);
}

/** Keeps the URL hash in step with the state without adding history entries. */
function syncHash(store: ReturnType<typeof createStore>): void {
  let pending = 0;
  store.subscribe(() => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => history.replaceState(null, '', formatHash(store.get())), 150);
  });
}

/** A link may name a release this server does not have (any more): show the newest instead of failing. */
function knownReleaseOnly(fromUrl: Partial<State>, releases: readonly ReleaseInfo[]): Partial<State> {
  if (fromUrl.release === undefined || releases.some((r) => r.label === fromUrl.release)) return fromUrl;
  const out = { ...fromUrl };
  delete out.release;
  return out;
}

async function start(): Promise<void> {
  // Start MapLibre's workers now, while the metadata loads, instead of when the map is created.
  maplibregl.prewarm();
  const hashLang = parseHash(location.hash).lang;
  setLang(hashLang ?? browserLang());
  const [meta, { releases }, paths] = await Promise.all([
    api.meta(),
    api.releases(),
    // The OpenAPI document only tells which optional routes exist; without it, offer none.
    api.openapiPaths().catch(() => []),
  ]);
  const fromUrl = knownReleaseOnly(parseHash(location.hash), releases);
  const sources = await loadSources(meta);
  const initial: State = {
    release: null,
    down: meta.thresholds.default_down,
    up: null,
    fixedOnly: false,
    uncoveredTech: [],
    area: null,
    lang: fromUrl.lang ?? browserLang(),
    view: null,
    // One encoding of the uncovered at a time: the proportional circles; the hexagon shares are a switch away.
    hidden: ['hexes'],
    ...fromUrl,
  };
  const store = createStore(initial);
  syncHash(store);
  const caps = capabilitiesFrom(paths);
  if (window.matchMedia(PHONE).matches) for (const id of ['table-details', 'layers-details']) byId<HTMLDetailsElement>(id).open = false;

  mountControls(meta, releases, store);
  const syntheticOf = (release: string | null) =>
    (release === null ? releases.at(-1) : releases.find((r) => r.label === release))?.synthetic ?? meta.synthetic;
  const mapView = createMapView(byId('map'), meta, await initialStyle(meta, sources, initial), sources, store, syntheticOf);
  markFirstRender(mapView.map);
  const marker = new maplibregl.Marker({ color: '#08306b' });
  mountSearchBox(store, {
    show(a) {
      const { lon, lat } = a.location;
      marker.setLngLat([lon, lat]).addTo(mapView.map);
      mapView.flyTo(lon, lat, 16);
    },
    flyTo: (lon, lat, zoom) => mapView.flyTo(lon, lat, zoom),
  });
  mountNationalPanel(byId('national-panel'), meta, releases, store);
  mountAreaPanel(byId('area-panel'), store, { meta, caps, onSelected: (detail) => mapView.fitBbox(detail.bbox) });
  mountAreaTable(byId('table-panel'), meta.levels.includes('municipality') ? 'municipality' : meta.levels[0], store);
  mountClustersPanel(byId('clusters-panel'), caps.clusters, store, {
    zoomTo: (c) => mapView.fitBbox(c.bbox),
  });
  mountLayersPanel(byId('layers-panel'), availableToggles(sources), store);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') mapView.closePopups();
  });
  history.replaceState(null, '', formatHash(store.get()));
  // Our own updates replace the hash silently; this fires when a person edits it or goes back.
  window.addEventListener('hashchange', () => store.set(knownReleaseOnly(parseHash(location.hash), releases)));
}

/** A performance mark when the map first finished drawing its tiles (read by the browser tests). */
function markFirstRender(map: maplibregl.Map): void {
  const container = map.getContainer();
  map.once('idle', () => performance.mark('atlas:first-render'));
  map.on('idle', () => container.setAttribute('data-idle', 'true'));
  map.on('dataloading', () => container.removeAttribute('data-idle'));
}

start().catch((err: Error) => {
  replace(byId('map'), h('p', { class: 'error fatal', role: 'alert' }, t('loadFailed', { what: 'Gigabit Atlas', message: err.message })));
});
