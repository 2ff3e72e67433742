// GET /api/v1/clusters (JSON or GeoJSON), /api/v1/clusters.geojson, /api/v1/clusters.csv and
// /api/v1/clusters/{id}: the unserved clusters built at import, by area or bbox.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { resolveSelection, type AppContext, type Resolved } from '../context.ts';
import { HttpError } from '../errors.ts';
import { clusterUpload } from '../../common/definitions.ts';
import { clusterTable } from '../export/clusters.ts';
import { csvOptionsShape, exportName, sendCsv, sendGeoJson } from '../export/http.ts';
import { encodeCursor, parsePath, parseQuery } from '../params.ts';
import { TEXT_BODY, route } from '../route.ts';
import { exportMeta, type ExportMeta } from '../export/table.ts';
import { uncoveredTable } from '../export/uncovered.ts';
import {
  ClusterAddressCollectionSchema,
  ClusterCollectionSchema,
  ClusterDetailSchema,
  ClusterListSchema,
  type ClusterDetail,
  type ClusterList,
} from '../../common/api.ts';
import { CLUSTER_SORTS, TECHNOLOGY_MATCHES, type Cluster, type ClusterQuery } from '../store/clusters.ts';

/** A comma-separated list of technology codes as stored (upper case), e.g. `ADSL,VDSL`. */
const technologyList = z
  .string()
  .regex(/^[A-Za-z0-9._]{1,20}(,[A-Za-z0-9._]{1,20}){0,19}$/, 'expected technology codes separated by commas, e.g. ADSL,VDSL')
  .transform((text) => [...new Set(text.toUpperCase().split(','))]);

/** Addresses are assigned to the first (finest) level; coarser areas are sets of those. */

/** A cluster as listed: everything but the outline (GeoJSON carries it as the geometry). */
function summary({ geometry: _g, release_id: _r, down: _d, up: _u, distance_m: _m, ...rest }: Cluster, inArea: boolean) {
  const { addresses_in_area, ...always } = rest;
  return inArea ? { ...always, addresses_in_area } : always;
}

export function clustersRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const filters = {
    release: p.release,
    down: p.down,
    up: p.up.meta({
      description:
        "the goal's upload with the goal's download (e.g. down=100&up=20 where the goal is 100/20): its own clusters; " +
        'clusters are built per download threshold and for the goal only, so another upload is refused',
    }),
    area: p.areaCode.optional().meta({ description: 'area code (any level); only its addresses count in addresses_in_area' }),
    bbox: p.bbox.optional().meta({ description: 'west,south,east,north: clusters whose bounding box meets it' }),
    min_addresses: z.coerce.number().int().min(1).default(1).meta({ description: 'smallest cluster size to list; default 1' }),
    technology: technologyList.optional().meta({
      description: 'best technologies (comma-separated codes, e.g. ADSL,VDSL); see technology_match',
      example: 'ADSL,VDSL',
    }),
    technology_match: z.enum(TECHNOLOGY_MATCHES).default('any').meta({
      description:
        'any: clusters where one of `technology` is present; only: clusters where nothing else is (technology=ADSL,VDSL&technology_match=only lists the copper-only clusters); default any',
    }),
    sort: z.enum(CLUSTER_SORTS).default('size').meta({
      description: 'size: largest first; distance: nearest to a covered address first (clusters with none last); default size',
    }),
  };
  const page = { limit: p.limit, offset: z.coerce.number().int().min(0).default(0).meta({ description: 'clusters to skip; default 0' }) };
  const exportQuery = z.object(filters);
  const csvQuery = z.object({ ...filters, ...csvOptionsShape });
  // A whole-set export: every matching cluster unless a page is asked for.
  const geojsonQuery = z.object({
    ...filters,
    limit: p.limit.unwrap().optional().meta({ description: 'page size; default: every matching cluster' }),
    offset: page.offset.unwrap().optional().meta({ description: 'clusters to skip; default 0' }),
  });
  const listQuery = z.object({ ...filters, ...page, format: z.enum(['json', 'geojson']).default('json') });
  const detailPath = z.object({
    id: z
      .string()
      .regex(/^\d{1,15}$/, 'expected a cluster id (a whole number)')
      .transform(Number),
  });

  function search(q: z.output<typeof exportQuery>): { resolved: Resolved; query: ClusterQuery } {
    const resolved = resolveSelection(ctx, q);
    const goal = ctx.store.definitions().goal;
    const up = clusterUpload(ctx.store.definitions(), q.down, q.up ?? null);
    if (up === undefined) {
      const pair = goal.up === null ? 'none (the goal has no upload condition)' : `up=${goal.up} with down=${goal.down}, the goal`;
      throw new HttpError(
        400,
        'invalid_parameter',
        `Clusters are built per download threshold and for the goal only; the upload they take is ${pair}; got up=${q.up}.`,
        'up',
      );
    }
    let areaCodes: string[] | undefined;
    if (q.area !== undefined) {
      areaCodes = ctx.store.areas.addressCodes(ctx.store.areas.get(q.area, 'area'));
    }
    const query: ClusterQuery = {
      release: resolved.release.id,
      down: q.down,
      up,
      areaCodes,
      bbox: q.bbox,
      area: q.area,
      minAddresses: q.min_addresses,
      sort: q.sort,
      technologies: q.technology ? { codes: q.technology, match: q.technology_match } : undefined,
    };
    return { resolved, query };
  }

  function list(q: z.output<typeof exportQuery> & { limit: number; offset: number }): ClusterList {
    const { resolved, query } = search(q);
    const clusters = ctx.store.clusters.numbered(query, q.limit, q.offset);
    const totals = ctx.store.clusters.totals(query);
    const inArea = q.area !== undefined;
    const clusterList = clusters.map((c) => summary(c, inArea));
    return {
      ...resolved.echo,
      total: totals.clusters,
      total_addresses: totals.addresses,
      limit: q.limit,
      offset: q.offset,
      clusters: clusterList,
    };
  }

  /** GeoJSON of every matching cluster, or of one page when limit or offset is given. */
  function sendFeatures(
    res: Response,
    q: z.output<typeof exportQuery> & { limit?: number; offset?: number },
    download: boolean,
  ): Promise<void> {
    const { resolved, query } = search(q);
    const totals = ctx.store.clusters.totals(query);
    const paged = q.limit !== undefined || q.offset !== undefined;
    const rows = ctx.store.clusters.numbered(query, q.limit ?? -1, q.offset ?? 0);
    const members = {
      threshold: resolved.threshold,
      total: totals.clusters,
      total_addresses: totals.addresses,
      ...(paged ? { limit: q.limit ?? null, offset: q.offset ?? 0 } : {}),
    };
    const name = download
      ? exportName('clusters', q.area ?? 'all', resolved.release.label, q.down, ...(q.up === undefined ? [] : [q.up]))
      : null;
    return sendGeoJson(res, name, clusterTable, rows, resolved.meta, members);
  }

  const emptyQuery = z.object({});
  const addressPageQuery = z.object({ limit: p.limit, cursor: p.cursor });
  const addressCsvQuery = z.object(csvOptionsShape);

  /** The cluster of the path with its release, or 404 naming `id`. */
  function clusterOf(req: Request): { cluster: Cluster; meta: ExportMeta } {
    const { id } = parsePath(detailPath, req);
    const cluster = ctx.store.clusters.get(id);
    const release = cluster && ctx.store.releases.list().find((r) => r.id === cluster.release_id);
    if (!cluster || !release)
      throw new HttpError(404, 'unknown_cluster', `Unknown cluster ${id}. List clusters with /api/v1/clusters.`, 'id');
    return { cluster, meta: exportMeta(release) };
  }
  const addressMembers = (c: Cluster) => ({ threshold: { down: c.down, up: c.up, fixed_only: false }, cluster: c.id, total: c.addresses });
  const addressFile = (c: Cluster, release: string) =>
    exportName('cluster', c.id, 'addresses', release, c.down, ...(c.up === null ? [] : [c.up]));
  const router = Router();
  route(router, ctx, {
    path: '/api/v1/clusters',
    tag: 'clusters',
    summary:
      'Unserved clusters: uncovered addresses within 250 m of each other, with size, areas, technologies and distance to the network',
    description:
      'Without area or bbox: every cluster. `format=geojson` answers one page as a FeatureCollection like /api/v1/clusters.geojson.',
    query: listQuery,
    response: z.union([ClusterListSchema, ClusterCollectionSchema]),
    handle: async (req, res) => {
      const { format, ...q } = parseQuery(listQuery, req);
      if (format === 'geojson') await sendFeatures(res, q, false);
      else res.json(list(q));
    },
  });
  route(router, ctx, {
    path: '/api/v1/clusters.geojson',
    tag: 'clusters',
    summary: 'Every matching unserved cluster (or one page, with limit or offset) as a GeoJSON FeatureCollection of outlines',
    query: geojsonQuery,
    produces: 'application/geo+json',
    response: ClusterCollectionSchema,
    handle: (req, res) => sendFeatures(res, parseQuery(geojsonQuery, req), true),
  });
  route(router, ctx, {
    path: '/api/v1/clusters.csv',
    tag: 'clusters',
    summary: 'Every matching unserved cluster as CSV',
    query: csvQuery,
    produces: 'text/csv',
    response: TEXT_BODY,
    handle: async (req, res) => {
      const q = parseQuery(csvQuery, req);
      const { resolved, query } = search(q);
      const name = exportName('clusters', q.area ?? 'all', resolved.release.label, q.down, ...(q.up === undefined ? [] : [q.up]));
      await sendCsv(res, name, clusterTable, ctx.store.clusters.numbered(query, -1), resolved.meta, q);
    },
  });
  route(router, ctx, {
    path: '/api/v1/clusters/{id}',
    tag: 'clusters',
    summary: 'One unserved cluster with its outline and every address',
    params: detailPath,
    query: emptyQuery,
    response: ClusterDetailSchema,
    json: (req): ClusterDetail => {
      parseQuery(emptyQuery, req);
      const { cluster, meta } = clusterOf(req);
      const threshold = { down: cluster.down, up: cluster.up, fixed_only: false };
      const { geometry, release_id: _r, addresses_in_area: _a, number: _n, number_area: _na, ...rest } = cluster;
      return {
        release: meta.release,
        threshold,
        cluster: { ...rest, geometry: geometry as ClusterDetail['cluster']['geometry'] },
        addresses: ctx.store.clusters.addresses(cluster.id).map((row) => ctx.store.addresses.detail(row, threshold)),
      };
    },
  });
  /** A route of one cluster's addresses: the query parsed, the cluster found (404 otherwise), then `send`. */
  function addressRoute<Q extends z.ZodObject>(
    suffix: string,
    doc: { summary: string; produces: string; response: z.ZodType },
    query: Q,
    send: (res: Response, q: z.output<Q>, c: Cluster, meta: ExportMeta) => Promise<void>,
  ): void {
    route(router, ctx, {
      path: `/api/v1/clusters/{id}/addresses${suffix}`,
      tag: 'clusters',
      ...doc,
      params: detailPath,
      query,
      handle: async (req, res) => {
        const q = parseQuery(query, req);
        const { cluster, meta } = clusterOf(req);
        await send(res, q, cluster, meta);
      },
    });
  }
  const geojson = { produces: 'application/geo+json', response: ClusterAddressCollectionSchema };
  addressRoute(
    '',
    {
      summary: "One page of a cluster's addresses as a GeoJSON FeatureCollection (the uncovered-address columns), paged by next_cursor",
      ...geojson,
    },
    addressPageQuery,
    (res, q, cluster, meta) => {
      const rows = ctx.store.clusters.addressPage(cluster.id, q.cursor ?? 0, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const next_cursor = rows.length > q.limit ? encodeCursor(page[page.length - 1].id) : null;
      return sendGeoJson(res, null, uncoveredTable, page, meta, { ...addressMembers(cluster), next_cursor });
    },
  );
  addressRoute(
    '.geojson',
    { summary: 'Every address of a cluster as a GeoJSON FeatureCollection (download)', ...geojson },
    emptyQuery,
    (res, _q, c, meta) =>
      sendGeoJson(res, addressFile(c, meta.release), uncoveredTable, ctx.store.clusters.addressStream(c.id), meta, addressMembers(c)),
  );
  addressRoute(
    '.csv',
    { summary: 'Every address of a cluster as CSV', produces: 'text/csv', response: TEXT_BODY },
    addressCsvQuery,
    (res, q, c, meta) => sendCsv(res, addressFile(c, meta.release), uncoveredTable, ctx.store.clusters.addressStream(c.id), meta, q),
  );
  return router;
}
