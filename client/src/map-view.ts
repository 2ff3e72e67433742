// The MapLibre map: created from our style, kept in step with the store (tile selection, layer
// toggles, selected area, position), and turning clicks into area selection or popups.
import * as maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature, StyleSpecification, VectorTileSource } from 'maplibre-gl';
import type { Selection } from './api.ts';
import type { Bbox, Meta } from '../../common/api.ts';
import { SYNTHETIC_ATTRIBUTION } from '../../common/attribution.ts';
import { t } from './i18n.ts';
import { keepLabelsUpdated } from './area-labels.ts';
import { MapLegend } from './map-legend.ts';
import { keepPlacesLoaded } from './place-labels.ts';
import {
  buildStyle,
  CHANGES_SOURCE,
  changeLayers,
  CLICKABLE,
  overBasemap,
  source,
  TOGGLE_IDS,
  withHidden,
  type Sources,
} from './map-style.ts';
import { api } from './api.ts';
import { showFeaturePopup } from './popups.ts';
import { shownLevel } from './area-table.ts';
import { changed, TOGGLE_LAYERS, type State, type Store, type View } from './store.ts';
import { withSelection } from './tile-url.ts';

export interface MapView {
  map: maplibregl.Map;
  fitBbox(bbox: Bbox): void;
  flyTo(lon: number, lat: number, zoom?: number): void;
  closePopups(): void;
}

/** The tile URLs of the selection; the uncovered layer's also carry its technology filter. */
function sourcesFor(sources: Sources, s: Selection & { uncoveredTech?: string[] }): Sources {
  const out: Sources = {};
  for (const [name, tj] of Object.entries(sources)) {
    const technologies = name === 'uncovered' ? (s.uncoveredTech ?? []) : [];
    out[name as keyof Sources] = { ...tj, tiles: tj.tiles.map((u) => withSelection(u, s, location.href, technologies)) };
  }
  return out;
}

/** The style to start with: ours alone, or ours over the configured external basemap. */
export async function initialStyle(meta: Meta, sources: Sources, s: Selection & { uncoveredTech?: string[] }): Promise<StyleSpecification> {
  const ours = buildStyle(sourcesFor(sources, s), { address: meta.address_level, parent: meta.parent_level });
  if (!meta.basemap_style_url) return ours;
  const res = await fetch(meta.basemap_style_url);
  if (!res.ok) throw new Error(`basemap style ${meta.basemap_style_url}: HTTP ${res.status}`);
  return overBasemap((await res.json()) as StyleSpecification, ours);
}

/** What the map says about a release's data: synthetic, and whether its points are H3 cell centres (location_precision h3r8). */
export interface ReleaseTraits {
  synthetic: boolean;
  cellCentres: boolean;
}

/** `traits` tells them for a release (null: the newest). */
export function createMapView(
  container: HTMLElement,
  meta: Meta,
  style: StyleSpecification,
  sources: Sources,
  store: Store,
  traits: (release: string | null) => ReleaseTraits,
): MapView {
  const state = store.get();
  const view = state.view;
  const map = new maplibregl.Map({
    container,
    // Hidden layers are off from the start: applying the state only once the style has loaded
    // would first fetch and draw their tiles (the hexagons, hidden by default).
    style: withHidden(style, state.hidden),
    ...(view
      ? { center: [view.lon, view.lat], zoom: view.zoom }
      : { bounds: meta.bounds ?? undefined, fitBoundsOptions: { padding: initialPadding(container) } }),
    attributionControl: false,
    maxZoom: 17,
    dragRotate: false,
    pitchWithRotate: false,
    // Labels appear at once instead of fading in: every fading frame is drawn again, and without a
    // GPU (software WebGL, as on many office desktops) each frame of a full map costs tens of ms.
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  keepLabelsUpdated(map);
  keepPlacesLoaded(map, store);
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  mountAttribution(map, meta, store, traits);
  // The legend docks top-right, open on a wide map and folded on a phone.
  map.addControl(
    new MapLegend(store, container.clientWidth >= LEGEND_OPEN_MIN_WIDTH, (release) => traits(release).cellCentres),
    'top-right',
  );
  map.getCanvas().setAttribute('aria-label', t('map'));

  const popups: maplibregl.Popup[] = [];
  const closePopups = () => {
    for (const p of popups.splice(0)) p.remove();
  };

  // The style as built already follows the initial selection and hidden layers, with no area selected.
  const asBuilt: State = { ...state, area: null, level: null };
  let ready = false;
  const showChanges = changesOverlay(map, meta);
  map.on('load', () => {
    ready = true;
    applyState(map, store.get(), asBuilt, sources);
    showChanges(store.get());
  });
  store.subscribe((next, previous) => {
    if (ready) applyState(map, next, previous, sources);
    if (ready && changed(next, previous, 'compare', 'release', 'down')) showChanges(next);
    if (changed(next, previous, 'lang')) map.getCanvas().setAttribute('aria-label', t('map'));
    if (next.view && changed(next, previous, 'view')) followView(map, next.view);
  });
  map.on('moveend', () => {
    const c = map.getCenter();
    store.set({ view: { lon: c.lng, lat: c.lat, zoom: map.getZoom() } });
  });
  map.on('click', (e) => {
    const layers = CLICKABLE.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    const features = map.queryRenderedFeatures(e.point, { layers });
    const front = features[0];
    if (!front) return;
    if (front.layer.id === 'area-fill') {
      store.set({ area: String(front.properties.code) });
      return;
    }
    closePopups();
    const sameLayer = features.filter((f: MapGeoJSONFeature) => f.layer.id === front.layer.id);
    // The area under a hexagon, point or cluster stays one click away: the popup offers it.
    const under = features.find((f: MapGeoJSONFeature) => f.layer.id === 'area-fill');
    const area = under ? { code: String(under.properties.code), name: String(under.properties.name) } : null;
    const popup = showFeaturePopup(
      map,
      e.lngLat,
      sameLayer,
      store.get(),
      area,
      (code) => {
        closePopups();
        store.set({ area: code });
      },
      traits(store.get().release).cellCentres,
    );
    popups.push(popup);
    keepClearOfControls(map, popup);
  });
  for (const id of CLICKABLE) {
    map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''));
  }

  return {
    map,
    closePopups,
    fitBbox: (bbox) => map.fitBounds(bbox, { padding: 40, maxZoom: 13, duration: 600 }),
    flyTo: (lon, lat, zoom = 15) => map.flyTo({ center: [lon, lat], zoom, duration: 800 }),
  };
}

/**
 * Room kept around the data at the first view: the zoom buttons sit top-left, the scale bar and
 * the attribution along the bottom, so the southern edge (south Limburg) starts above them.
 */
export const INITIAL_PADDING = { top: 24, right: 24, bottom: 64, left: 56 };
/** Width the docked legend takes when it starts open (a map at least LEGEND_OPEN_MIN_WIDTH wide). */
const LEGEND_WIDTH = 262;
const LEGEND_OPEN_MIN_WIDTH = 640;

function initialPadding(container: HTMLElement): typeof INITIAL_PADDING {
  const legendOpen = container.clientWidth >= LEGEND_OPEN_MIN_WIDTH;
  return { ...INITIAL_PADDING, right: INITIAL_PADDING.right + (legendOpen ? LEGEND_WIDTH : 0) };
}

/**
 * The data credits, the synthetic-data note and, where points are H3 cell centres, that note, in the
 * reader's language; collapsed on a narrow map.
 */
function mountAttribution(map: maplibregl.Map, meta: Meta, store: Store, traits: (release: string | null) => ReleaseTraits): void {
  let control: maplibregl.AttributionControl | null = null;
  const render = () => {
    if (control) map.removeControl(control);
    const credits = meta.attribution.filter((a) => a !== SYNTHETIC_ATTRIBUTION);
    const release = traits(store.get().release);
    const note = [...(release.synthetic ? [t('syntheticAttribution')] : []), ...(release.cellCentres ? [t('cellCentresNote')] : [])];
    control = new maplibregl.AttributionControl({ customAttribution: [...credits, ...note], compact: true });
    map.addControl(control, 'bottom-right');
    // Compact attribution starts open; on a phone it would cover the south of the map.
    if (map.getContainer().clientWidth < 640)
      map.getContainer().querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
  };
  render();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'lang', 'release')) render();
  });
}

/**
 * Pans the map so a popup does not sit under a map control (the zoom buttons top-left), checked
 * again whenever the popup changes size (an address popup grows when its details arrive).
 */
function keepClearOfControls(map: maplibregl.Map, popup: maplibregl.Popup): void {
  const element = popup.getElement();
  if (!element) return;
  const check = () => {
    const box = element.getBoundingClientRect();
    const margin = 8;
    const container = map.getContainer();
    const middle = container.getBoundingClientRect().left + container.clientWidth / 2;
    for (const ctrl of container.querySelectorAll<HTMLElement>(
      '.maplibregl-ctrl-top-left .maplibregl-ctrl, .maplibregl-ctrl-top-right .maplibregl-ctrl',
    )) {
      const c = ctrl.getBoundingClientRect();
      if (!(box.left < c.right && box.right > c.left && box.top < c.bottom && box.bottom > c.top)) continue;
      const down = c.bottom + margin - box.top;
      const sideways = c.left < middle ? c.right + margin - box.left : -(box.right - (c.left - margin));
      // Move the content by the smaller shift; panBy moves the view, so the content moves the other way.
      map.panBy(Math.abs(down) < Math.abs(sideways) ? [0, -down] : [-sideways, 0], { duration: 0 });
      return;
    }
  };
  const observer = new ResizeObserver(() => check());
  observer.observe(element);
  popup.on('close', () => observer.disconnect());
}

/** Moves the map to a view set from outside (an edited URL); its own moves already match. */
function followView(map: maplibregl.Map, view: View): void {
  const c = map.getCenter();
  const far = Math.abs(c.lng - view.lon) > 1e-4 || Math.abs(c.lat - view.lat) > 1e-4 || Math.abs(map.getZoom() - view.zoom) > 0.01;
  if (far) map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom });
}

/** Brings the map from what `previous` showed in line with `next`. */
function applyState(map: maplibregl.Map, next: State, previous: State, sources: Sources): void {
  if (changed(next, previous, 'release', 'down', 'uncoveredTech')) {
    const updated = sourcesFor(sources, next);
    for (const [name, tj] of Object.entries(updated)) (map.getSource(name) as VectorTileSource | undefined)?.setTiles(tj.tiles);
  }
  if (changed(next, previous, 'hidden')) {
    for (const toggle of TOGGLE_LAYERS) {
      const visibility = next.hidden.includes(toggle) ? 'none' : 'visible';
      for (const id of TOGGLE_IDS[toggle]) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visibility);
    }
  }
  if (changed(next, previous, 'area')) {
    map.setFilter('area-selected', ['==', ['get', 'code'], next.area ?? '']);
  }
  // The coverage fill (and what a click opens) is the chosen level's areas (municipalities or provinces, counties or states).
  if (changed(next, previous, 'level') && map.getLayer('area-fill')) {
    map.setFilter('area-fill', ['==', ['get', 'level'], shownLevel(next.level)]);
  }
}

/**
 * The changes layer while a release is compared with the viewed one: its TileJSON is asked for the
 * pair (from = the compared release, to = the viewed one), then the source is added or its tiles
 * replaced; without a comparison the layers and source are removed. A newer call wins.
 */
function changesOverlay(map: maplibregl.Map, meta: Meta): (state: State) => void {
  const ids = changeLayers().map((l) => l.id);
  let generation = 0;
  const remove = () => {
    for (const id of ids) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(CHANGES_SOURCE)) map.removeSource(CHANGES_SOURCE);
  };
  return (state) => {
    const mine = ++generation;
    const to = state.release ?? meta.release;
    if (!state.compare || !to || state.compare === to) {
      remove();
      return;
    }
    void api
      .changesTileJson(state, { from: state.compare, to })
      .then((tj) => {
        if (mine !== generation) return;
        remove();
        // MapLibre's workers need absolute tile URLs; TileJSON gives root-relative ones unless publicUrl is set.
        const tiles = tj.tiles.map((u) => (/^https?:\/\//.test(u) ? u : `${location.origin}${u}`));
        map.addSource(CHANGES_SOURCE, source({ ...tj, tiles }));
        // Under the labels, over everything else.
        const before = ['place-major', 'province-label'].find((id) => map.getLayer(id));
        for (const layer of changeLayers()) map.addLayer(layer, before);
      })
      .catch((err: Error) => console.error(`changes layer: ${err.message}`));
  };
}
