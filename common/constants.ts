// Constants shared by the import scripts, the server and the client.
// Nothing here names a country: areas, codes and bounds come from the loaded data.

/** Known access technologies, in the vocabulary of the connection CSV (upper case). */
export const TECHNOLOGIES = [
  'FTTH',
  'FTTB',
  'DOCSIS3.1',
  'DOCSIS3.0',
  // Cable and copper of an unstated generation (e.g. the FCC's technology codes 40 and 10).
  'CABLE',
  'VDSL',
  'ADSL',
  'DSL',
  'FWA',
  'MOBILE',
  'SATELLITE',
  'OTHER',
] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

/** Technology stored for an address with no known offer. */
export const NO_TECHNOLOGY = 'NONE';

/** What an address's best technology can be: a known technology, or NONE without offer. */
export const BEST_TECHNOLOGIES = [...TECHNOLOGIES, NO_TECHNOLOGY] as const;

const BEST_TECHNOLOGY_INDEX = new Map<string, number>(BEST_TECHNOLOGIES.map((t, i) => [t, i]));

/** A best technology's index in BEST_TECHNOLOGIES; anything unknown counts as NONE (the last), as area_stats does. */
export function bestTechnologyIndex(technology: string): number {
  return BEST_TECHNOLOGY_INDEX.get(technology) ?? BEST_TECHNOLOGIES.length - 1;
}

/**
 * Technologies that are not a fixed line: satellite, fixed wireless and mobile. With `fixed_only`
 * a request counts an address as covered only by its other offers (the stored fixed classes).
 */
export const WIRELESS_TECHNOLOGIES: readonly Technology[] = ['FWA', 'MOBILE', 'SATELLITE'];

export function isWireless(technology: string): boolean {
  return (WIRELESS_TECHNOLOGIES as readonly string[]).includes(technology);
}

/**
 * The Dutch default download thresholds (Mbit/s): those of a database without `atlas init`
 * (common/definitions.ts holds a database's own). Addresses are stored with a download class: class
 * k means best download >= thresholds[k - 1] (class 0: below the first). Precomputed aggregates
 * count addresses per class, so any allowed threshold is a sum, not a scan.
 */
export const DOWN_THRESHOLDS = [30, 100, 1000] as const;
/** A download threshold in Mbit/s: one of the database's definitions. */
export type DownThreshold = number;
/** The default goal's download threshold. */
export const DEFAULT_DOWN: DownThreshold = 1000;

/** The Dutch default upload thresholds (Mbit/s) for the optional `up` part of "covered"; classed like download. */
export const UP_THRESHOLDS = [10, 50, 100, 1000] as const;
/** An upload threshold in Mbit/s: one of the database's definitions. */
export type UpThreshold = number;

/**
 * Area levels are data: any simple name (`county`, `state`, `municipality`, …) given to `atlas
 * boundaries --level`. These two are the Dutch defaults the NL data and demo use, with built-in
 * field names and UI texts; `municipality` is the level NL addresses are assigned to.
 */
export const AREA_LEVELS = ['municipality', 'province'] as const;
export type AreaLevel = string;
/** The address level of a database without boundaries, and of the NL data (see common/levels.ts for the rule). */
export const ADDRESS_LEVEL: AreaLevel = AREA_LEVELS[0];
/** What a point of a release whose positions are not buildings is (releases.location_precision), said in every export of it. */
export const LOCATION_PRECISION_NOTES = {
  h3r8: 'Each point is the centre of its H3 resolution-8 cell (about 0.7 km2), not the building: the source (FCC BDC) gives no coordinates.',
} as const;
export type LocationPrecision = keyof typeof LOCATION_PRECISION_NOTES;

/** What a level name may be: a lower-case identifier (it appears in URLs, tiles and SQL values). */
export const LEVEL_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** Class of a speed against ascending thresholds: the number of thresholds it meets. */
export function speedClass(mbps: number, thresholds: readonly number[]): number {
  let k = 0;
  while (k < thresholds.length && mbps >= thresholds[k]) k++;
  return k;
}

/** H3 resolutions aggregated at import, coarse to fine. */
export const HEX_RESOLUTIONS = [5, 6, 7, 8, 9] as const;
export type HexResolution = (typeof HEX_RESOLUTIONS)[number];

/**
 * The finest H3 resolution a release is aggregated and drawn at: that of its positions when they are
 * H3 resolution-8 cell centres (releases.location_precision 'h3r8'), since a finer cell of such a
 * point would show a precision the data does not have; otherwise the finest of HEX_RESOLUTIONS.
 */
export function finestHexResolution(locationPrecision: string | null | undefined): HexResolution {
  return locationPrecision === 'h3r8' ? 8 : HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1];
}

/** H3 resolution the `hexes` tile layer uses at a zoom level (coarse at z5, fine from z12). */
export function hexResolutionForZoom(z: number): HexResolution {
  if (z <= 6) return 5;
  if (z <= 8) return 6;
  if (z <= 9) return 7;
  if (z <= 11) return 8;
  return 9;
}

/** From this zoom on, the `uncovered` layer shows single addresses instead of aggregates. */
export const UNCOVERED_POINTS_MIN_ZOOM = 12;

/** From this zoom on, the `covered` layer shows covered addresses (context beside the uncovered ones). */
export const COVERED_POINTS_MIN_ZOOM = 13;

/**
 * Cells per degree of the addresses' lon/lat grid key (ADDRESS_GRID_SQL, indexed): 0.005° cells (about
 * 550 m × 350 m in the Netherlands), so a z13 tile reads one index range per row of cells (about 6)
 * and a z16 tile little more than itself. Worldwide; stored in the schema, so never changed.
 */
export const ADDRESS_GRID_PER_DEGREE = 200;
/** Cells of the address grid along a parallel (360° of them); a key is row × this + column. */
export const ADDRESS_GRID_COLUMNS = 360 * ADDRESS_GRID_PER_DEGREE;

/** Tile layers served under /tiles/{layer}, bottom to top. */
export const TILE_LAYERS = ['areas', 'hexes', 'covered', 'uncovered', 'clusters'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];
export const TILE_MAX_ZOOM = 16;
