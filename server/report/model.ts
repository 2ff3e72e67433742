// The typed data one area report is drawn from. collect.ts fills it from the server's store
// functions (so a report shows exactly the API's figures); render.ts only draws it.
import type { MultiPolygon, Polygon } from 'geojson';
import type { AreaLevel } from '../../common/constants.ts';
import type { AreaListItem, AreaProgress } from '../../common/api.ts';
import type { Counts, ProviderCount, TechnologyCount, Threshold } from '../../common/types.ts';
import type { AddressRow } from '../store/addresses.ts';

export const REPORT_LANGS = ['nl', 'en'] as const;

/** Pages the address list may fill by default (render.ts explains why a list stops). */
export const DEFAULT_MAX_ADDRESS_PAGES = 40;
/**
 * More addresses than a list page can hold: a page has under 60 table lines of at most ~15 house
 * numbers each. Collecting stops here, so a province costs what 40 pages cost, not its whole list.
 */
const ADDRESSES_PER_PAGE_AT_MOST = 1000;

/** How many uncovered addresses a report collects for a list of `pages` pages. */
export function addressListCap(pages: number = DEFAULT_MAX_ADDRESS_PAGES): number {
  return pages * ADDRESSES_PER_PAGE_AT_MOST;
}
export type ReportLang = (typeof REPORT_LANGS)[number];

/** One uncovered address, as listed and mapped: the store's row without offers and classes. */
export type ReportAddress = Pick<
  AddressRow,
  'postcode' | 'house_number' | 'house_letter' | 'house_number_suffix' | 'street' | 'city' | 'lon' | 'lat'
>;

/** A cluster of uncovered addresses, drawn on the map and listed largest first. */
export interface ReportCluster {
  addresses: number;
  /** Its addresses inside the reported area (a cluster may reach over the border). */
  addressesInArea: number;
  technologies: string[];
  /** Metres to the nearest covered address; null when there is none. */
  nearestCoveredM: number | null;
  geometry: Polygon | MultiPolygon;
  centroid: [number, number];
}

/** The clusters touching the area, largest first, and the link distance they were built with. */
export interface ReportClusters {
  distanceM: number;
  items: ReportCluster[];
}

/** The figures of one release, for the trend chart. */
export interface TrendPoint extends Counts {
  release: string;
  as_of: string | null;
}

export interface ReportData {
  area: { code: string; name: string; level: AreaLevel };
  /** location_precision 'h3r8': its points are H3 cell centres (FCC BDC), which the map then says. */
  release: { label: string; as_of: string | null; synthetic: boolean; location_precision?: 'h3r8' };
  threshold: Threshold;
  totals: Counts;
  byTechnology: TechnologyCount[];
  byProvider: ProviderCount[];
  trend: TrendPoint[];
  /** Progress towards the goal, rank and the parent's and nation's covered %: the API's `progress`. */
  progress: AreaProgress;
  /**
   * What changed in the area since the release before this one (the figures of /api/v1/changes);
   * null for the oldest release.
   */
  change: { from: string; newly_covered: number; lost: number; added: number; removed: number } | null;
  /** The areas inside this one (a province's municipalities) with their progress; null when none. */
  children: AreaListItem[] | null;
  boundary: Polygon | MultiPolygon;
  /** Boundaries of the areas inside this one (a province's municipalities), drawn thin. */
  subdivisions: (Polygon | MultiPolygon)[];
  /**
   * The uncovered addresses the list draws from: at most addressListCap(pages) of them, slowest
   * class first; `totals.uncovered` counts them all.
   */
  uncovered: ReportAddress[];
  /** [lon, lat, lon, lat, …] of every uncovered address, for the map. */
  uncoveredPositions: Float64Array;
  /** The largest places (the addresses' city) in the area, largest first: names on the map. */
  places: { name: string; lon: number; lat: number }[];
  /** null when the database has no clusters for this release and threshold. */
  clusters: ReportClusters | null;
  /** Credits the data requires, e.g. "Kadaster / Centraal Bureau voor de Statistiek, 2024". */
  attribution: string[];
  /** Where the complete list of uncovered addresses can be downloaded (relative API path). */
  csvPath: string;
  generatedAt: Date;
}
