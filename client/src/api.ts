// The JSON API client: one function per route, release and threshold always passed, errors as
// ApiRequestError carrying the server's { error: { status, code, message } } body.
import type { DownThreshold, UpThreshold } from '../../common/constants.ts';
import type { AddressQuery } from '../../common/address-query.ts';
import type {
  AddressByIdResult,
  AddressSearchResult,
  ApiError,
  AreaDetail,
  AreaList,
  ClusterAddressCollection,
  ClusterList,
  Meta,
  OpenApiDocument,
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

export type Params = Record<string, string | number | undefined | null>;

/** A same-origin path with its query; empty values are left out. */
export function apiPath(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export function selectionParams(s: Selection): Params {
  return { release: s.release, down: s.down, up: s.up, fixed_only: s.fixedOnly ? 1 : undefined };
}

/** Clusters are built per download threshold only (docs/clusters.md): no upload or fixed-line condition. */
export function clusterParams(s: Selection): Params {
  return { release: s.release, down: s.down };
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as ApiError | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? 'http_error', err?.message ?? `${res.status} ${res.statusText} for ${path}`);
  }
  return body as T;
}

export const api = {
  meta: () => getJson<Meta>('/api/v1/meta'),
  openapiPaths: async () => Object.keys((await getJson<OpenApiDocument>('/api/v1/openapi.json')).paths),
  tileJson: (layer: string) => getJson<TileJson>(`/tiles/${layer}.json`),
  releases: () => getJson<ReleaseList>('/api/v1/releases'),
  summary: (s: Selection) => getJson<Summary>(apiPath('/api/v1/summary', selectionParams(s))),
  areas: (s: Selection, level: string) => getJson<AreaList>(apiPath('/api/v1/areas', { ...selectionParams(s), level })),
  area: (s: Selection, code: string) => getJson<AreaDetail>(apiPath(`/api/v1/areas/${encodeURIComponent(code)}`, selectionParams(s))),
  address: (s: Selection, q: AddressQuery) => getJson<AddressSearchResult>(apiPath('/api/v1/addresses', { ...selectionParams(s), ...q })),
  addressById: (s: Selection, id: string) =>
    getJson<AddressByIdResult>(apiPath(`/api/v1/addresses/${encodeURIComponent(id)}`, selectionParams(s))),
  clusters: (s: Selection, filters: Params) => getJson<ClusterList>(apiPath('/api/v1/clusters', { ...clusterParams(s), ...filters })),
  clusterAddresses: (id: number, limit: number, cursor: string | null) =>
    getJson<ClusterAddressCollection>(apiPath(`/api/v1/clusters/${id}/addresses`, { limit, cursor })),
  suggest: (s: Selection, q: string, limit: number, signal?: AbortSignal) =>
    getJson<SuggestionList>(apiPath('/api/v1/suggest', { release: s.release, q, limit }), signal),
};
