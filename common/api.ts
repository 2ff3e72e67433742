// The JSON API's response shapes, beyond those in common/types.ts: the one contract the server
// answers and the client reads.
import type { DownThreshold, UpThreshold } from './constants.ts';
import type { AreaSummary, Counts, Offer, ProviderCount, TechnologyCount, Threshold } from './types.ts';

export type Bbox = [number, number, number, number];

export interface Meta {
  name: string;
  attribution: string[];
  bounds: Bbox;
  release: string | null;
  levels: string[];
  thresholds: { down: DownThreshold[]; up: UpThreshold[]; default_down: DownThreshold };
  goal: { year: number; covered_pct: number };
  basemap_style_url: string | null;
  synthetic: boolean;
  tile_layers: string[];
}

export interface TileJson {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds?: Bbox;
}

export interface Summary extends Counts, Echo {
  synthetic: boolean;
  by_technology: TechnologyCount[];
}

export interface TrendPoint extends Counts {
  release: string;
  as_of: string | null;
}

export interface AreaDetail extends AreaSummary, Echo {
  parent_code?: string | null;
  bbox: Bbox;
  by_technology: TechnologyCount[];
  by_provider: ProviderCount[];
  trend: TrendPoint[];
}

/** An address's own descriptive fields, passed through as they are stored. */
export interface AddressFields {
  address_id: string;
  postcode: string | null;
  house_number: number | null;
  house_letter: string | null;
  house_number_suffix: string | null;
  street: string | null;
  city: string | null;
  area_code: string;
}

/** One address with every offer, as the store reads it. */
export interface AddressDetail extends AddressFields {
  location: { lon: number; lat: number };
  best: { down: number; up: number; technology: string };
  offers: Offer[];
  covered: boolean;
}

/** An address as /api/v1/addresses answers it: the store's detail with its area spelled out. */
export type Address = Omit<AddressDetail, 'area_code'> & { area: { code: string; name: string; level: string } };

interface Echo {
  release: string;
  threshold: Threshold;
}

export interface AddressSearchResult extends Echo {
  addresses: Address[];
}

export interface AddressByIdResult extends Echo {
  address: Address;
}

export interface Cluster {
  id: number;
  addresses: number;
  /** Addresses inside the requested area (present when the list was asked for an area). */
  addresses_in_area?: number;
  area_codes: string[];
  technologies: string[];
  centroid: [number, number];
  bbox: Bbox;
  nearest_covered_m: number | null;
}

export interface ClusterList extends Echo {
  total: number;
  total_addresses: number;
  clusters: Cluster[];
}

export interface Place {
  rank: number;
  name: string;
  area_code: string;
  addresses: number;
  lon: number;
  lat: number;
}

export interface PlaceList {
  release: string;
  places: Place[];
}
