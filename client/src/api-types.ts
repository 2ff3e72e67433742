// Response shapes the client reads, beyond those in common/types.ts (only the fields it uses).
import type { DownThreshold, UpThreshold } from '../../common/constants.ts';
import type { AreaSummary, Counts, ProviderCount, TechnologyCount, Threshold } from '../../common/types.ts';

export type Bbox = [number, number, number, number];

export interface Meta {
  name: string;
  attribution: string;
  bounds: Bbox;
  center: [number, number];
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

export interface Summary extends Counts {
  release: string;
  threshold: Threshold;
  by_technology: TechnologyCount[];
}

export interface TrendPoint extends Counts {
  release: string;
  as_of: string | null;
}

export interface AreaDetail extends AreaSummary {
  release: string;
  threshold: Threshold;
  parent_code?: string | null;
  bbox: Bbox;
  by_technology: TechnologyCount[];
  by_provider: ProviderCount[];
  trend: TrendPoint[];
}

export interface AddressOffer {
  provider: string | null;
  technology: string;
  down: number;
  up: number;
}

export interface Address {
  address_id: string;
  postcode: string | null;
  house_number: number | null;
  house_letter: string | null;
  house_number_suffix: string | null;
  street: string | null;
  city: string | null;
  area_code: string;
  area_name?: string;
  lon: number;
  lat: number;
  covered: boolean;
  offers: AddressOffer[];
}

export interface AddressResult {
  release: string;
  threshold: Threshold;
  addresses: Address[];
}

export interface Cluster {
  id: string | number;
  addresses: number;
  area_codes: string[];
  centroid: [number, number];
  bbox?: Bbox;
  distance_m: number | null;
  technologies?: string[];
}

export interface ClusterList {
  release: string;
  clusters: Cluster[];
}
