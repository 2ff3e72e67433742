// The JSON API client: one function per route, release and threshold always passed, errors as
// ApiRequestError carrying the server's { error: { status, code, message } } body. On a static site
// (atlas export --format site) the same answers are read from files (common/static-site.ts).
import type { DownThreshold, UpThreshold } from '../../common/constants.ts';
import {
  apiPath,
  clusterParams,
  requests,
  selectionParams,
  type Params,
  STATIC_MANIFEST_FILE,
  STATIC_SITE_META,
  staticAnswerPath,
  type StaticManifest,
} from '../../common/static-site.ts';
import type { AddressQuery } from '../../common/address-query.ts';
import type { CoverageGoal } from '../../common/definitions.ts';
import type {
  AddressByIdResult,
  AddressSearchResult,
  ApiError,
  AreaDetail,
  AreaList,
  Changes,
  ClusterAddressCollection,
  ClusterList,
  Meta,
  OpenApiDocument,
  PlaceList,
  ReleaseList,
  SuggestionList,
  Summary,
  TileJson,
} from '../../common/api.ts';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Which data a request asks for: the release (null: newest) and what "covered" means. */
export interface Selection {
  release: string | null;
  down: DownThreshold;
  up?: UpThreshold | null;
  fixedOnly?: boolean;
}

export { apiPath, selectionParams, type Params };

/** The database's goal (meta.definitions.goal), whose (down, up) pair has clusters of its own; set at start. */
let goal: CoverageGoal | null = null;

export function setClusterGoal(g: CoverageGoal): void {
  goal = g;
}

/** The cluster parameters of a selection: its download, and the goal's upload when it is the goal's pair. */
export function clusterQuery(s: Parameters<typeof clusterParams>[0]): Params {
  return clusterParams(s, goal);
}

/**
 * The threshold the changes routes (figures, address lists, tiles) take: `down` and `up`, as every other
 * request sends them. Their diffs hold the classes of all offers, so they take no `fixed_only`.
 */
export function changeParams(s: Pick<Selection, 'down' | 'up'>): { down: number; up?: number } {
  return s.up == null ? { down: s.down } : { down: s.down, up: s.up };
}

let site: StaticManifest | null = null;

/** The manifest of the static site this page belongs to; null when a live server answers. */
export function staticSite(): StaticManifest | null {
  return site;
}

/** Reads static.json when index.html says this is a static site; call once before any other request. */
export async function detectStaticSite(): Promise<StaticManifest | null> {
  const mode = document.querySelector(`meta[name="${STATIC_SITE_META}"]`)?.getAttribute('content');
  site = mode === 'static' ? await fetchJson<StaticManifest>(STATIC_MANIFEST_FILE) : null;
  return site;
}

/** Where the answer to `path` with `params` is: the API, or its file on a static site (the release always named). */
function answerUrl(path: string, params: Params): string {
  if (!site) return apiPath(path, params);
  return staticAnswerPath(path, 'release' in params ? { ...params, release: params.release ?? site.release } : params);
}

function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  return fetchJson<T>(answerUrl(path, params), signal);
}

async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as ApiError | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? 'http_error', err?.message ?? `${res.status} ${res.statusText} for ${path}`);
  }
  return body as T;
}

export const api = {
  meta: () => getJson<Meta>(...requests.meta()),
  openapiPaths: async () => Object.keys((await getJson<OpenApiDocument>('/api/v1/openapi.json')).paths),
  tileJson: (layer: string) => getJson<TileJson>(...requests.tileJson(layer)),
  /** TileJSON of the changes layer for one pair of releases (its tile URLs name both; a live server only). */
  changesTileJson: (s: Selection, pair: { from: string; to: string }) =>
    getJson<TileJson>('/tiles/changes.json', { ...pair, ...changeParams(s) }),
  releases: () => getJson<ReleaseList>(...requests.releases()),
  summary: (s: Selection) => getJson<Summary>(...requests.summary(s)),
  areas: (s: Selection, level: string) => getJson<AreaList>(...requests.areas(s, level)),
  /** Areas of a level (or those inside `parent`) with their progress and rank (a live server only). */
  areasProgress: (s: Selection, scope: { level?: string; parent?: string }) =>
    getJson<AreaList>('/api/v1/areas', { ...selectionParams(s), ...scope, progress: 1 }),
  area: (s: Selection, code: string) => getJson<AreaDetail>(...requests.area(s, code)),
  address: (s: Selection, q: AddressQuery) => getJson<AddressSearchResult>('/api/v1/addresses', { ...selectionParams(s), ...q }),
  addressById: (s: Selection, id: string) => getJson<AddressByIdResult>(`/api/v1/addresses/${encodeURIComponent(id)}`, selectionParams(s)),
  /** What changed from `from` (default: the release before the viewed one) to the viewed release. */
  changes: (s: Selection, scope: { from?: string | null; area?: string; level?: string; sort?: string }) =>
    getJson<Changes>('/api/v1/changes', { to: s.release, ...changeParams(s), ...scope }),
  clusters: (s: Selection, filters: Params) => getJson<ClusterList>('/api/v1/clusters', { ...clusterQuery(s), ...filters }),
  clusterAddresses: (id: number, limit: number, cursor: string | null) =>
    getJson<ClusterAddressCollection>(`/api/v1/clusters/${id}/addresses`, { limit, cursor }),
  suggest: (s: Selection, q: string, limit: number, signal?: AbortSignal) =>
    getJson<SuggestionList>('/api/v1/suggest', { release: s.release, q, limit }, signal),
  places: (release: string | null) => getJson<PlaceList>(...requests.places(release)),
};
