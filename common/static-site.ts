// The static site of `atlas export --format site`: where each JSON answer of the API lies as a file
// (one function used by the exporter that writes them and by the client that reads them), the
// manifest the client finds at start, and the names of the files beside the built client.
import { clusterUpload, type CoverageGoal } from './definitions.ts';

/** `<meta name="atlas-site" content="static">` in the exported index.html switches the client to static mode. */
export const STATIC_SITE_META = 'atlas-site';
export const STATIC_MANIFEST_FILE = 'static.json';
export const STATIC_ARCHIVE_FILE = 'atlas.pmtiles';

/** static.json: what the site was exported for. */
export interface StaticManifest {
  /** The release the tiles and answers hold. */
  release: string;
  /** The download threshold (Mbit/s) they count as covered. */
  down: number;
  synthetic: boolean;
  /** The PMTiles archive, relative to the site, and its deepest zoom (the map overzooms beyond it). */
  archive: string;
  archive_maxzoom: number;
  /** Whole files to download, relative to the site (GeoPackage, CSVs), by kind. */
  downloads: Record<string, string>;
  exported_at: string;
}

export type Params = Record<string, string | number | undefined | null>;

/** A same-origin API path with its query; empty values are left out. */
export function apiPath(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The release (null: the newest) and what "covered" means (download, optional upload, fixed lines only). */
export interface AnswerSelection {
  release: string | null;
  down: number;
  up?: number | null;
  fixedOnly?: boolean;
}

/** Rows of one page of the clusters panel, and so of every exported clusters page. */
export const CLUSTERS_PER_PAGE = 20;

export function selectionParams(s: AnswerSelection): Params {
  return { release: s.release, down: s.down, up: s.up, fixed_only: s.fixedOnly ? 1 : undefined };
}

/**
 * Clusters are built per download threshold and for the goal's (down, up) pair when it has an upload
 * (docs/clusters.md): no other upload condition and no fixed-line one. `goal`: the database's.
 */
export function clusterParams(s: AnswerSelection, goal: CoverageGoal | null = null): Params {
  const up = goal === null ? null : clusterUpload({ goal }, s.down, s.up ?? null);
  return { release: s.release, down: s.down, up: up ?? undefined };
}

/**
 * Every JSON GET the client makes that a static site answers, as path and parameters: the client
 * asks these, the exporter writes them, so the two cannot drift apart.
 */
export const requests = {
  meta: () => ['/api/v1/meta', {}] as const,
  tileJson: (layer: string) => [`/tiles/${layer}.json`, {}] as const,
  releases: () => ['/api/v1/releases', {}] as const,
  summary: (s: AnswerSelection) => ['/api/v1/summary', selectionParams(s)] as const,
  areas: (s: AnswerSelection, level: string) => ['/api/v1/areas', { ...selectionParams(s), level }] as const,
  area: (s: AnswerSelection, code: string) => [`/api/v1/areas/${encodeURIComponent(code)}`, selectionParams(s)] as const,
  /** A page of the clusters panel without filters other than the area (a static site holds no others). */
  clusters: (s: AnswerSelection, area: string | null, sort: 'size' | 'distance', offset: number) =>
    ['/api/v1/clusters', { ...clusterParams(s), area, sort, limit: CLUSTERS_PER_PAGE, offset }] as const,
  places: (release: string | null) => ['/api/v1/places', { release }] as const,
} satisfies Record<string, (...args: never[]) => readonly [string, Params]>;

/** A path segment or query value as a safe file name part: letters, digits and `-` stay; the rest (`.` too, which
 * parts the parameters) becomes `_hex_`. */
function safe(value: string): string {
  let out = '';
  for (const ch of value) out += /^[A-Za-z0-9-]$/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`;
  return out;
}

/**
 * The file (relative to the site) holding the answer of GET `path` with `params`: `/api/v1/areas/GM0363`
 * with `{ release: '2024-12', down: 1000 }` -> `data/areas/GM0363.down-1000.release-2024-12.json`.
 * Empty parameters are left out and the rest sorted, as the client leaves them out.
 */
export function staticAnswerPath(path: string, params: Params = {}): string {
  const segments = path
    .replace(/^\/api\/v1\//, '')
    .replace(/^\//, '')
    .replace(/\.json$/, '')
    .split('/')
    .map((s) => safe(decodeURIComponent(s)));
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `.${safe(k)}-${safe(String(v))}`)
    .join('');
  return `data/${segments.join('/')}${query}.json`;
}
