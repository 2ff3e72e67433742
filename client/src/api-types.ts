// Response shapes the client reads, beyond those in common/types.ts (only the fields it uses).
import type { DownThreshold, UpThreshold } from '../../common/constants.ts';
import type { AreaSummary, Counts, ProviderCount, TechnologyCount, Threshold } from '../../common/types.ts';
// Type only (erased from the bundle): the server's store defines the address shape the API returns.
import type { AddressDetail } from '../../server/store/addresses.ts';

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
