// Entry point: read the server's metadata, build the state from the URL, and mount the map and
// the panels. Every view talks to the others only through the store.
import * as maplibregl from 'maplibre-gl';
import { ADDRESS_LEVEL, TILE_LAYERS } from '../../common/constants.ts';
import type { ReleaseInfo } from '../../common/types.ts';
import { api, detectStaticSite, setClusterGoal } from './api.ts';
import { setRamp } from './ramp.ts';
import { sharedArchiveProtocol } from './archive-protocol.ts';
import type { Meta, TileJson } from '../../common/api.ts';
import type { StaticManifest } from '../../common/static-site.ts';
import { mountAreaPanel } from './area-panel.ts';
import { mountAreaTable } from './area-table.ts';
import { capabilitiesFrom, staticCapabilities } from './capabilities.ts';
import { mountChangePanel } from './change-panel.ts';
import { mountClustersPanel } from './clusters-panel.ts';
import { mountControls } from './controls.ts';
import { keepDefined } from './coverage-choices.ts';
import { byId, h, replace } from './dom.ts';
import { formatHash, parseHash } from './hash.ts';
import { browserLang, setDataLevels, setLang, t } from './i18n.ts';
import { mountLayersPanel } from './layers-panel.ts';
import type { Sources } from './map-style.ts';
import { createMapView, initialStyle } from './map-view.ts';
import { mountNationalPanel } from './national-panel.ts';
import { mountPendingNote } from './pending-note.ts';
import { mountSearchBox } from './search-box.ts';
import { createStore, TOGGLE_LAYERS, type State, type ToggleLayer } from './store.ts';

const PHONE = '(max-width: 760px)';

async function loadSources(meta: Meta, site: StaticManifest | null): Promise<Sources> {
  const names = TILE_LAYERS.filter((l) => meta.tile_layers.includes(l));
  const tileJsons = await Promise.all(names.map((l) => api.tileJson(l)));
  return Object.fromEntries(names.map((l, i) => [l, site ? fromArchive(tileJsons[i], site) : tileJsons[i]]));
}

/**
 * A layer's TileJSON on a static site: its tiles read from the one PMTiles archive (every layer is
 * in each of its tiles) through the `pmtiles` protocol, overzoomed beyond the archive's deepest zoom.
 */
function fromArchive(tj: TileJson, site: StaticManifest): TileJson {
  const archive = new URL(site.archive, location.href).href;
  return { ...tj, tiles: [`pmtiles://${archive}/{z}/{x}/{y}`], maxzoom: Math.min(tj.maxzoom, site.archive_maxzoom) };
}

/** A static site holds one release at one threshold: the selectors offer only those. */
function narrowedTo(site: StaticManifest | null, meta: Meta, releases: ReleaseInfo[]): { meta: Meta; releases: ReleaseInfo[] } {
  if (!site) return { meta, releases };
  const down = site.down;
  // The site holds one threshold, download only: the choices and the goal narrow to it.
  const definitions = { ...meta.definitions, down: [down], up: [], tiers: [], goal: { ...meta.definitions.goal, down, up: null } };
  return {
    meta: { ...meta, thresholds: { ...meta.thresholds, down: [down], default_down: down }, definitions },
    releases: releases.filter((r) => r.label === site.release),
  };
}

/** What a link may ask for that a static site does not hold (another threshold) is dropped. */
function heldOnly(fromUrl: Partial<State>, site: StaticManifest | null): Partial<State> {
  if (!site || fromUrl.down === undefined || fromUrl.down === site.down) return fromUrl;
  const out = { ...fromUrl };
  delete out.down;
  return out;
}

function availableToggles(sources: Sources): ToggleLayer[] {
  const needs: Record<ToggleLayer, keyof Sources> = {
    areas: 'areas',
    provinces: 'areas',
    hexes: 'hexes',
    covered: 'covered',
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
  const out = { ...fromUrl };
  const known = (label: string | null | undefined) => label === undefined || releases.some((r) => r.label === label);
  if (!known(out.release)) delete out.release;
  if (!known(out.compare)) delete out.compare;
  return out;
}

async function start(): Promise<void> {
  // Start MapLibre's workers now, while the metadata loads, instead of when the map is created.
  maplibregl.prewarm();
  const hashLang = parseHash(location.hash).lang;
  setLang(hashLang ?? browserLang());
  const site = await detectStaticSite();
  if (site) maplibregl.addProtocol('pmtiles', sharedArchiveProtocol());
  // The OpenAPI document only tells which optional routes exist (without it, offer none); the map
  // does not wait for it, only the panels do.
  const pathsLoaded = site ? Promise.resolve([]) : api.openapiPaths().catch(() => []);
  let [liveMeta, { releases: firstReleases }] = await Promise.all([api.meta(), api.releases()]);
  if (firstReleases.length === 0 && !site) {
    firstReleases = await untilFirstRelease();
    liveMeta = await api.meta();
  }
  // Grows while releases are still being built (pending-note.ts). `releases` stays whole for the
  // trends; `selectable` is what the release selector offers.
  let releases = firstReleases;
  const narrowed = narrowedTo(site, liveMeta, releases);
  const meta = narrowed.meta;
  let selectable = narrowed.releases;
  const fromUrl = keepDefined(heldOnly(knownReleaseOnly(parseHash(location.hash), selectable), site), meta.definitions);
  // Texts name the data's levels (county, state) where they would say municipality and province.
  // The search box's examples (Utrecht, 1234AB 5) are of the built-in levels; other data gets a hint without them.
  if (meta.address_level !== ADDRESS_LEVEL) byId('search-input').dataset.i18nPlaceholder = 'searchPlaceholderNamed';
  setDataLevels(meta.address_level, meta.parent_level);
  setClusterGoal(meta.definitions.goal);
  setRamp(meta.definitions.ramp);
  const sources = await loadSources(meta, site);
  if (fromUrl.level && !meta.levels.includes(fromUrl.level)) delete fromUrl.level;
  const initial: State = {
    release: null,
    // What covered means at first: the database's goal (≥ 1 Gbit/s in NL, 100/20 with the FCC's tiers).
    down: meta.definitions.goal.down,
    up: meta.definitions.goal.up,
    fixedOnly: false,
    uncoveredTech: [],
    area: null,
    level: null,
    compare: null,
    lang: fromUrl.lang ?? browserLang(),
    view: null,
    // One encoding of the uncovered at a time: the proportional circles; the hexagon shares are a switch away.
    hidden: ['hexes'],
    ...fromUrl,
  };
  const store = createStore(initial);
  syncHash(store);
  const caps = site ? staticCapabilities(site) : capabilitiesFrom(await pathsLoaded);
  if (window.matchMedia(PHONE).matches) for (const id of ['table-details', 'layers-details']) byId<HTMLDetailsElement>(id).open = false;

  const controlsReleases = mountControls(meta, selectable, store, caps.changes);
  const traitsOf = (release: string | null) => {
    const info = release === null ? selectable.at(-1) : releases.find((r) => r.label === release);
    return { synthetic: info?.synthetic ?? meta.synthetic, cellCentres: info?.location_precision === 'h3r8' };
  };
  const mapView = createMapView(byId('map'), meta, await initialStyle(meta, sources, initial), sources, store, traitsOf);
  markFirstRender(mapView.map);
  const marker = new maplibregl.Marker({ color: '#08306b' });
  // The search box asks a live server (suggestions, addresses); a static site has no index to search in.
  byId('search-form').hidden = Boolean(site);
  if (!site)
    mountSearchBox(store, {
      show(a) {
        const { lon, lat } = a.location;
        marker.setLngLat([lon, lat]).addTo(mapView.map);
        mapView.flyTo(lon, lat, 16);
      },
      flyTo: (lon, lat, zoom) => mapView.flyTo(lon, lat, zoom),
    });
  const nationalReleases = mountNationalPanel(byId('national-panel'), caps.progressLists ? onTrackSection() : null, meta, releases, store);
  mountPendingNote(byId('pending-note'), meta, releases, store, (next) => {
    releases = next;
    selectable = narrowedTo(site, liveMeta, next).releases;
    controlsReleases(selectable);
    nationalReleases(next);
  });
  const hasEarlier = (release: string | null) => {
    const at = release === null ? releases.length - 1 : releases.findIndex((r) => r.label === release);
    return at > 0;
  };
  mountAreaPanel(byId('area-panel'), store, { meta, caps, onSelected: (detail) => mapView.fitBbox(detail.bbox), hasEarlier });
  mountAreaTable(byId('table-panel'), meta.levels, store);
  if (caps.changes) mountChangePanel(byId('change-panel'), store);
  mountClustersPanel(
    byId('clusters-panel'),
    caps.clusters,
    store,
    { zoomTo: (c) => mapView.fitBbox(c.bbox) },
    caps.prebuilt?.clusters_csv ?? null,
  );
  // The outlines are the parent level's: without one (a single loaded level) there is nothing to switch.
  const toggles = availableToggles(sources).filter((l) => l !== 'provinces' || meta.parent_level !== null);
  mountLayersPanel(byId('layers-panel'), toggles, store);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') mapView.closePopups();
  });
  history.replaceState(null, '', formatHash(store.get()));
  // Our own updates replace the hash silently; this fires when a person edits it or goes back.
  window.addEventListener('hashchange', () => store.set(heldOnly(knownReleaseOnly(parseHash(location.hash), selectable), site)));
}

/** How often a page opened before the database holds a release asks again (ms). */
const FIRST_RELEASE_POLL_MS = 2000;

/**
 * The releases once the database holds one. `npm start` serves while it builds the demo, so a page opened
 * early finds none: it says so where the map goes and asks again until the first release is committed.
 */
async function untilFirstRelease(): Promise<ReleaseInfo[]> {
  const note = h('p', { class: 'waiting', role: 'status', id: 'waiting-note' }, t('waitingForRelease'));
  byId('map').append(note);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, FIRST_RELEASE_POLL_MS));
    // A failed request (the server restarting) is asked again, as an empty list is.
    const releases = await api.releases().then(
      (list) => list.releases,
      () => [],
    );
    if (releases.length > 0) {
      note.remove();
      return releases;
    }
  }
}

/** The "on track?" section of the side panel; hidden where the server cannot list areas with progress (a static site). */
function onTrackSection(): { summary: HTMLElement; body: HTMLElement } {
  byId('on-track').hidden = false;
  return { summary: byId('on-track-summary'), body: byId('on-track-panel') };
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
