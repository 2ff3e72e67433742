// The offline map style: no basemap, glyphs or sprites from elsewhere. Water is the background
// colour, land is the address level's polygons of our own `areas` tiles (municipalities in NL,
// counties in the US) with their parents' outlines, and the uncovered addresses
// are drawn on top. The style has no `glyphs`: MapLibre then draws label glyphs with local fonts.
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  StyleSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import { COVERED_POINTS_MIN_ZOOM, UNCOVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import type { TileJson } from '../../common/api.ts';
import { LABEL_SOURCE } from './area-labels.ts';
import { PLACE_SOURCE } from './place-labels.ts';
import { CLUSTER_COLOR, COVERED_COLOR, LOST_COLOR, NEWLY_COVERED_COLOR, rampExpression, UNCOVERED_COLOR, WATER_COLOR } from './ramp.ts';
import type { ToggleLayer } from './store.ts';

/** Tile sources the style uses, by our layer name; absent when the server does not serve it. */
export type Sources = Partial<Record<'areas' | 'hexes' | 'covered' | 'uncovered' | 'clusters', TileJson>>;

const FONT = ['Noto Sans Regular', 'DejaVu Sans', 'Arial'];
const HALO = { 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 };
/** The data's levels (meta.address_level, meta.parent_level): the fill and its outlines. */
export interface StyleLevels {
  address: string;
  parent: string | null;
}
const levelIs = (level: string | null): FilterSpecification => ['==', ['get', 'level'], level ?? ''];

export function source(tj: TileJson): VectorSourceSpecification {
  return { type: 'vector', tiles: tj.tiles, minzoom: tj.minzoom, maxzoom: tj.maxzoom, ...(tj.bounds ? { bounds: tj.bounds } : {}) };
}

/** Radius (px) of a circle of `property` (a count) with `k` px per √count, within 2–26 px. */
const radiusFor = (k: number, property: string): ExpressionSpecification => ['min', 26, ['max', 2, ['*', k, ['sqrt', ['get', property]]]]];
/** Pixels per √count from zoom 7 (what the legend shows); smaller on a whole-country phone view (z5). */
export const AGGREGATE_K = 1.3;
/** Circle area proportional to the count in `property` at any one zoom. */
const proportional = (property: string): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  5,
  radiusFor(0.6, property),
  7,
  radiusFor(AGGREGATE_K, property),
];
/** The uncovered counts' circles. */
export const AGGREGATE_RADIUS: ExpressionSpecification = proportional('count');

/** Map layer ids per toggle in the layer panel. */
export const TOGGLE_IDS: Record<ToggleLayer, string[]> = {
  areas: ['area-fill'],
  provinces: ['province-line', 'province-label'],
  hexes: ['hex-fill'],
  covered: ['covered-point'],
  uncovered: ['uncovered-point', 'uncovered-aggregate', 'uncovered-count'],
  clusters: ['cluster-fill', 'cluster-line', 'cluster-point'],
};

/** Layers a click can pick, front to back. */
export const CLICKABLE = ['uncovered-point', 'uncovered-aggregate', 'cluster-point', 'hex-fill', 'cluster-fill', 'area-fill'];

function areaLayers(levels: StyleLevels): LayerSpecification[] {
  const addressAreas = levelIs(levels.address);
  const parentAreas = levelIs(levels.parent);
  return [
    {
      id: 'area-fill',
      type: 'fill',
      source: 'areas',
      'source-layer': 'areas',
      filter: addressAreas,
      paint: { 'fill-color': rampExpression('covered_pct'), 'fill-opacity': 0.9 },
    },
    {
      id: 'area-line',
      type: 'line',
      source: 'areas',
      'source-layer': 'areas',
      filter: addressAreas,
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.3, 10, 1.2] },
    },
    {
      id: 'province-line',
      type: 'line',
      source: 'areas',
      'source-layer': 'areas',
      filter: parentAreas,
      paint: { 'line-color': '#4d4d4d', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1, 10, 2.5] },
    },
    {
      id: 'area-selected',
      type: 'line',
      source: 'areas',
      'source-layer': 'areas',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#000000', 'line-width': 3 },
    },
  ];
}

function uncoveredLayers(): LayerSpecification[] {
  const hasUncovered: FilterSpecification = ['>', ['get', 'uncovered'], 0];
  return [
    {
      id: 'hex-fill',
      type: 'fill',
      source: 'hexes',
      'source-layer': 'hexes',
      maxzoom: UNCOVERED_POINTS_MIN_ZOOM,
      filter: hasUncovered,
      paint: {
        'fill-color': UNCOVERED_COLOR,
        'fill-outline-color': '#ffffff',
        // Opacity follows the uncovered share, so a coarse cell with a few uncovered among thousands
        // of covered addresses stays faint and the areas that lag stand out at any scale; it is damped
        // for small counts, so a cell of 2 addresses never looks like a town.
        'fill-opacity': [
          '*',
          [
            'interpolate',
            ['linear'],
            ['/', ['get', 'uncovered'], ['max', ['get', 'addresses'], 1]],
            0,
            0.1,
            0.02,
            0.35,
            0.1,
            0.75,
            0.3,
            0.92,
          ],
          ['interpolate', ['linear'], ['get', 'uncovered'], 1, 0.45, 10, 1],
        ],
      },
    },
    // Below UNCOVERED_POINTS_MIN_ZOOM (and in tiles too dense for single points) one point per H3 cell
    // with its `count`, drawn as a proportional symbol: its area follows the count, so the choropleth
    // underneath keeps its colours and no cell is painted over the sea.
    {
      id: 'uncovered-aggregate',
      type: 'circle',
      source: 'uncovered',
      'source-layer': 'uncovered',
      filter: ['!', ['has', 'address_id']],
      paint: {
        'circle-color': UNCOVERED_COLOR,
        'circle-opacity': 0.78,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 0.8,
        'circle-radius': AGGREGATE_RADIUS,
      },
    },
    {
      id: 'uncovered-point',
      type: 'circle',
      source: 'uncovered',
      'source-layer': 'uncovered',
      minzoom: UNCOVERED_POINTS_MIN_ZOOM,
      filter: ['has', 'address_id'],
      paint: {
        'circle-color': UNCOVERED_COLOR,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 7],
      },
    },
  ];
}

/** Covered addresses as small grey dots from COVERED_POINTS_MIN_ZOOM, below the uncovered ones. */
function coveredLayers(): LayerSpecification[] {
  return [
    {
      id: 'covered-point',
      type: 'circle',
      source: 'covered',
      'source-layer': 'covered',
      minzoom: COVERED_POINTS_MIN_ZOOM,
      paint: {
        'circle-color': COVERED_COLOR,
        'circle-opacity': 0.6,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], COVERED_POINTS_MIN_ZOOM, 1.3, 16, 3],
      },
    },
  ];
}

/** Clusters come as outlines (kind 'outline', from mid zoom) and centroids (kind 'centroid'). */
function clusterLayers(): LayerSpecification[] {
  const outline: FilterSpecification = ['==', ['get', 'kind'], 'outline'];
  return [
    {
      id: 'cluster-fill',
      type: 'fill',
      source: 'clusters',
      'source-layer': 'clusters',
      filter: outline,
      paint: { 'fill-color': CLUSTER_COLOR, 'fill-opacity': 0.12 },
    },
    {
      id: 'cluster-line',
      type: 'line',
      source: 'clusters',
      'source-layer': 'clusters',
      filter: outline,
      paint: { 'line-color': CLUSTER_COLOR, 'line-width': 1.5, 'line-dasharray': [2, 1] },
    },
    {
      id: 'cluster-point',
      type: 'circle',
      source: 'clusters',
      'source-layer': 'clusters',
      minzoom: 7,
      maxzoom: 9,
      filter: ['==', ['get', 'kind'], 'centroid'],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': CLUSTER_COLOR,
        'circle-stroke-width': 1.5,
        'circle-radius': ['interpolate', ['linear'], ['get', 'addresses'], 1, 3, 100, 10],
      },
    },
  ];
}

function labelLayers(levels: StyleLevels): LayerSpecification[] {
  const addressAreas = levelIs(levels.address);
  const parentAreas = levelIs(levels.parent);
  // Places: the largest from the national view, every one from zoom 9; a larger place wins a collision.
  const place = (id: string, minzoom: number, filter: FilterSpecification): LayerSpecification => ({
    id,
    type: 'symbol',
    source: PLACE_SOURCE,
    minzoom,
    filter,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': FONT,
      'symbol-sort-key': ['get', 'rank'],
      'text-size': ['interpolate', ['linear'], ['get', 'rank'], 1, 14, 30, 12, 300, 11, 3000, 10],
    },
    paint: { 'text-color': '#2b2b2b', ...HALO },
  });
  return [
    place('place-major', 6.5, ['<=', ['get', 'rank'], 40]),
    place('place-label', 9, ['>', ['get', 'rank'], 40]),
    {
      id: 'province-label',
      type: 'symbol',
      source: LABEL_SOURCE,
      filter: parentAreas,
      maxzoom: 8,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT,
        'text-size': 13,
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.08,
      },
      paint: { 'text-color': '#333333', ...HALO },
    },
    {
      id: 'area-label',
      type: 'symbol',
      source: LABEL_SOURCE,
      filter: addressAreas,
      minzoom: 8.5,
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 },
      paint: { 'text-color': '#1a1a1a', ...HALO },
    },
    {
      id: 'uncovered-count',
      type: 'symbol',
      source: 'uncovered',
      'source-layer': 'uncovered',
      minzoom: 8,
      filter: ['all', ['!', ['has', 'address_id']], ['>=', ['get', 'count'], 10]],
      layout: { 'text-field': ['to-string', ['get', 'count']], 'text-font': FONT, 'text-size': 11 },
      paint: { 'text-color': '#3f1500', ...HALO },
    },
  ];
}

/** The whole style for the given tile sources and the data's levels; layers of a missing source are left out. */
export function buildStyle(sources: Sources, levels: StyleLevels): StyleSpecification {
  const specs: StyleSpecification['sources'] = {};
  for (const [name, tj] of Object.entries(sources)) specs[name] = source(tj);
  if (sources.areas) specs[LABEL_SOURCE] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
  specs[PLACE_SOURCE] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
  const layers: LayerSpecification[] = [
    { id: 'water', type: 'background', paint: { 'background-color': WATER_COLOR } },
    ...[...areaLayers(levels), ...clusterLayers(), ...coveredLayers(), ...uncoveredLayers(), ...labelLayers(levels)].filter(
      (l) => 'source' in l && l.source in specs,
    ),
  ];
  return { version: 8, sources: specs, layers };
}

/** `style` with the layers of the `hidden` toggles switched off, so that a hidden layer's tiles are never asked for. */
export function withHidden(style: StyleSpecification, hidden: readonly ToggleLayer[]): StyleSpecification {
  const off = new Set(hidden.flatMap((toggle) => TOGGLE_IDS[toggle]));
  if (off.size === 0) return style;
  const layers = style.layers.map(
    (l): LayerSpecification => (off.has(l.id) && l.type !== 'background' ? { ...l, layout: { ...l.layout, visibility: 'none' } } : l),
  );
  return { ...style, layers };
}

/** Labels of our own layers; left out over an external basemap, which brings its own labels and glyphs. */
const LABEL_LAYERS = new Set(['province-label', 'area-label', 'uncovered-count', 'place-major', 'place-label']);

/**
 * Our layers on top of an external basemap style (config `basemapStyleUrl`): its sources and layers
 * first, then ours without our water background and labels, the coverage fill made see-through.
 */
export function overBasemap(base: StyleSpecification, ours: StyleSpecification): StyleSpecification {
  const layers = ours.layers
    .filter((l) => l.type !== 'background' && !LABEL_LAYERS.has(l.id))
    .map(
      (l): LayerSpecification => (l.type === 'fill' && l.id === 'area-fill' ? { ...l, paint: { ...l.paint, 'fill-opacity': 0.55 } } : l),
    );
  return { ...base, sources: { ...base.sources, ...ours.sources }, layers: [...base.layers, ...layers] };
}

/** The source and layers of the changes tiles (added while a release is compared: map-view.ts). */
export const CHANGES_SOURCE = 'changes';

/**
 * Newly covered addresses as filled blue circles, lost ones as reddish-purple rings (shape and
 * colour both differ): per H3 cell with their counts below zoom 12, one per address from there.
 */
export function changeLayers(): LayerSpecification[] {
  const cell = (property: string): FilterSpecification => ['all', ['!', ['has', 'address_id']], ['>', ['get', property], 0]];
  const single = (kind: string): FilterSpecification => ['all', ['has', 'address_id'], ['==', ['get', 'kind'], kind]];
  const common = { type: 'circle' as const, source: CHANGES_SOURCE, 'source-layer': CHANGES_SOURCE };
  return [
    {
      ...common,
      id: 'changes-newly-aggregate',
      filter: cell('newly_covered'),
      paint: {
        'circle-color': NEWLY_COVERED_COLOR,
        'circle-opacity': 0.8,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 0.8,
        'circle-radius': proportional('newly_covered'),
      },
    },
    {
      ...common,
      id: 'changes-lost-aggregate',
      filter: cell('lost'),
      paint: {
        'circle-color': 'rgba(255,255,255,0.35)',
        'circle-stroke-color': LOST_COLOR,
        'circle-stroke-width': 2.5,
        'circle-radius': proportional('lost'),
      },
    },
    {
      ...common,
      id: 'changes-newly-point',
      minzoom: UNCOVERED_POINTS_MIN_ZOOM,
      filter: single('newly_covered'),
      paint: {
        'circle-color': NEWLY_COVERED_COLOR,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 7],
      },
    },
    {
      ...common,
      id: 'changes-lost-point',
      minzoom: UNCOVERED_POINTS_MIN_ZOOM,
      filter: single('lost'),
      paint: {
        'circle-color': '#ffffff',
        'circle-stroke-color': LOST_COLOR,
        'circle-stroke-width': 3,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 7],
      },
    },
  ];
}
