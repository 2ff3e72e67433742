// OGC API - Features - Part 1: Core at /ogc: landing page, conformance, collections (areas,
// uncovered, clusters) and their items as GeoJSON in WGS84 (CRS84), paged by `next` links, so that
// GDAL's OAPIF driver, QGIS and ArcGIS can add the atlas as a data source. The features come from
// server/features/, which the GeoPackage export shares.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  OgcCollectionSchema,
  OgcCollectionsSchema,
  OgcConformanceSchema,
  OgcFeatureCollectionSchema,
  OgcFeatureSchema,
  OgcFeatureSchemaSchema,
  OgcLandingSchema,
} from '../../common/api.ts';
import { baseUrl, creditsOf, resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { createFeatureCollections, type FeatureSelection, type FeatureSource } from '../features/index.ts';
import { encodeCursor, parsePath, parseQuery } from '../params.ts';
import { route } from '../route.ts';

export const OGC_PREFIX = '/ogc';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
const JSON_TYPE = 'application/json';
/** A host name or IP literal with an optional port: anything else in Host is not echoed into links. */
const HOST_PATTERN = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;
const GEOJSON_TYPE = 'application/geo+json';
const SCHEMA_TYPE = 'application/schema+json';
const JSON_SCHEMA_TYPES = { string: 'string', integer: 'integer', real: 'number', boolean: 'boolean' } as const;

interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

export function ogcRoutes(ctx: AppContext): Router {
  const p = ctx.params;
  const collections = createFeatureCollections(ctx.store);
  ctx.store.dataVersion.onChange(() => collections.resetAll());

  const f = z.enum(['json']).optional().meta({ description: 'output format; json (GeoJSON for features) is the only one' });
  const metaQuery = z.object({ ...selectionShape(p), f });
  const itemsQuery = z.object({
    ...selectionShape(p),
    f,
    bbox: p.ogcBbox.optional().meta({
      description: 'west,south,east,north in WGS84 degrees (or six numbers with heights): only features whose geometry intersects it',
      example: '4.85,52.34,4.95,52.40',
    }),
    limit: p.limit,
    cursor: p.cursor.meta({ description: 'position of the next page; follow the `next` link instead of setting it' }),
  });
  const collectionId = z.string().meta({ description: `collection: ${collections.ids().join(', ')}`, enum: collections.ids() });
  const collectionPath = z.object({ collectionId });
  const itemPath = z.object({
    collectionId,
    featureId: z.string().min(1).max(100).meta({ description: 'area code, address id or cluster id' }),
  });

  /**
   * The origin of every link: the shared one (publicUrl, or a trusted proxy's forwarded scheme and host); without those
   * the request's own scheme and Host. Links must be absolute: GDAL (3.6) resolves an href that starts with '/' against
   * its root URL (…/ogc) instead of the host, so root-relative links break it. OGC answers are not kept in the server's
   * JSON cache and carry apiCacheControl (default no-cache); set publicUrl where a shared cache sits in front.
   */
  function origin(req: Request): string {
    const shared = baseUrl(ctx.config, req);
    if (shared) return shared;
    const host = req.get('host') ?? '';
    return HOST_PATTERN.test(host) ? `${req.protocol}://${host}` : '';
  }

  /** Absolute URL under /ogc carrying `query`. */
  function href(req: Request, path: string, query: Record<string, string | number | undefined> = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
    const text = search.toString();
    return `${origin(req)}${OGC_PREFIX}${path}${text ? `?${text}` : ''}`;
  }

  /** The selection parameters as the client sent them, to carry into links. */
  function carried(req: Request, names: readonly string[]): Record<string, string | undefined> {
    const q = req.query as Record<string, unknown>;
    return Object.fromEntries(names.map((n) => [n, typeof q[n] === 'string' ? (q[n] as string) : undefined]));
  }
  const SELECTION = ['release', 'down', 'up', 'fixed_only'] as const;

  function sourceOf(id: string): FeatureSource {
    const source = collections.get(id);
    if (!source) {
      throw new HttpError(
        404,
        'unknown_collection',
        `Unknown collection '${id}'; collections: ${collections.ids().join(', ')}.`,
        'collectionId',
      );
    }
    return source;
  }

  function selection(source: FeatureSource, q: z.output<typeof metaQuery>, bbox?: FeatureSelection['bbox']): FeatureSelection {
    for (const [name, given] of [
      ['up', q.up !== undefined],
      ['fixed_only', q.fixed_only === true],
    ] as const) {
      if (!source.supportsUp && given) {
        throw new HttpError(
          400,
          'invalid_parameter',
          `Parameter '${name}' does not apply to collection '${source.id}': it is built per download threshold only.`,
          name,
        );
      }
    }
    const { release, threshold } = resolveSelection(ctx, q);
    return { release, threshold, bbox };
  }

  function collectionDoc(req: Request, source: FeatureSource) {
    const keep = carried(req, SELECTION);
    const bounds = ctx.store.areas.bounds() ?? [-180, -90, 180, 90];
    return {
      id: source.id,
      title: source.title,
      description: source.description,
      itemType: 'feature' as const,
      crs: [CRS84],
      extent: { spatial: { bbox: [bounds], crs: CRS84 } },
      links: [
        { href: href(req, `/collections/${source.id}`, keep), rel: 'self', type: JSON_TYPE, title: source.title },
        { href: href(req, `/collections/${source.id}/items`, keep), rel: 'items', type: GEOJSON_TYPE, title: `${source.title} (GeoJSON)` },
        // The feature schema fixes the field types GDAL would otherwise guess from the first page; GDAL 3.6 looks for
        // rel "describedBy", the registered relation is "describedby".
        ...['describedby', 'describedBy'].map((rel) => ({
          href: href(req, `/collections/${source.id}/schema`),
          rel,
          type: SCHEMA_TYPE,
          title: 'JSON Schema of a feature',
        })),
      ] satisfies Link[],
    };
  }

  function sendGeoJson(res: Response, body: unknown): void {
    res.type(GEOJSON_TYPE).send(JSON.stringify(body));
  }

  const router = Router();
  const doc = { tag: 'ogc' };
  route(router, ctx, {
    ...doc,
    path: OGC_PREFIX,
    summary: 'OGC API Features landing page',
    query: metaQuery,
    response: OgcLandingSchema,
    json: (req) => {
      parseQuery(metaQuery, req);
      const keep = carried(req, SELECTION);
      return {
        title: `${ctx.config.name}: OGC API Features`,
        description: 'Broadband coverage per area, uncovered addresses and unserved clusters as OGC API Features (Part 1 Core, GeoJSON).',
        attribution: creditsOf(ctx).join('; '),
        links: [
          { href: href(req, '', keep), rel: 'self', type: JSON_TYPE, title: 'This landing page' },
          {
            href: `${origin(req)}/api/v1/openapi.json`,
            rel: 'service-desc',
            type: 'application/vnd.oai.openapi+json;version=3.1',
            title: 'The API definition (OpenAPI 3.1)',
          },
          { href: href(req, '/conformance', keep), rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
          { href: href(req, '/collections', keep), rel: 'data', type: JSON_TYPE, title: 'Feature collections' },
        ],
      };
    },
  });
  route(router, ctx, {
    ...doc,
    path: `${OGC_PREFIX}/conformance`,
    summary: 'Conformance classes: Part 1 Core and GeoJSON',
    query: metaQuery,
    response: OgcConformanceSchema,
    json: (req) => {
      parseQuery(metaQuery, req);
      return { conformsTo: CONFORMANCE };
    },
  });
  route(router, ctx, {
    ...doc,
    path: `${OGC_PREFIX}/collections`,
    summary: 'The feature collections: areas, uncovered, clusters',
    query: metaQuery,
    response: OgcCollectionsSchema,
    json: (req) => {
      parseQuery(metaQuery, req);
      return {
        links: [{ href: href(req, '/collections', carried(req, SELECTION)), rel: 'self', type: JSON_TYPE, title: 'Feature collections' }],
        collections: collections.list().map((s) => collectionDoc(req, s)),
      };
    },
  });
  route(router, ctx, {
    ...doc,
    path: `${OGC_PREFIX}/collections/{collectionId}`,
    summary: 'One feature collection',
    params: collectionPath,
    query: metaQuery,
    response: OgcCollectionSchema,
    json: (req) => {
      const source = sourceOf(parsePath(collectionPath, req).collectionId);
      parseQuery(metaQuery, req);
      return collectionDoc(req, source);
    },
  });
  route(router, ctx, {
    ...doc,
    path: `${OGC_PREFIX}/collections/{collectionId}/schema`,
    summary: 'JSON Schema of one feature of a collection (its property types)',
    params: collectionPath,
    query: z.object({ f }),
    produces: SCHEMA_TYPE,
    response: OgcFeatureSchemaSchema,
    handle: (req, res) => {
      const source = sourceOf(parsePath(collectionPath, req).collectionId);
      parseQuery(z.object({ f }), req);
      const properties = Object.fromEntries(Object.entries(source.fields).map(([name, type]) => [name, { type: JSON_SCHEMA_TYPES[type] }]));
      res.type(SCHEMA_TYPE).send(
        JSON.stringify({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          title: source.title,
          type: 'object',
          properties: {
            type: { type: 'string', enum: ['Feature'] },
            id: { type: source.id === 'clusters' ? 'integer' : 'string' },
            geometry: { type: 'object', properties: { type: { type: 'string', enum: [source.geometryType] } } },
            properties: { type: 'object', properties },
          },
        }),
      );
    },
  });
  route(router, ctx, {
    ...doc,
    path: `${OGC_PREFIX}/collections/{collectionId}/items`,
    summary: 'Features of a collection as GeoJSON (CRS84), paged by the `next` link, with numberMatched and numberReturned',
    description: '`release`, `down` and `up` choose the data as in the JSON API; `up` does not apply to clusters.',
    params: collectionPath,
    query: itemsQuery,
    produces: GEOJSON_TYPE,
    response: OgcFeatureCollectionSchema,
    handle: (req, res) => {
      const source = sourceOf(parsePath(collectionPath, req).collectionId);
      const q = parseQuery(itemsQuery, req);
      const sel = selection(source, q, q.bbox);
      const after = q.cursor ?? 0;
      const page = source.page(sel, after, q.limit);
      const keep = { ...carried(req, [...SELECTION, 'bbox', 'f']), limit: q.limit };
      const links: Link[] = [
        {
          href: href(req, `/collections/${source.id}/items`, { ...keep, cursor: q.cursor === undefined ? undefined : encodeCursor(after) }),
          rel: 'self',
          type: GEOJSON_TYPE,
          title: 'This page',
        },
        { href: href(req, `/collections/${source.id}`, carried(req, SELECTION)), rel: 'collection', type: JSON_TYPE, title: source.title },
      ];
      if (page.next !== null) {
        links.push({
          href: href(req, `/collections/${source.id}/items`, { ...keep, cursor: encodeCursor(page.next) }),
          rel: 'next',
          type: GEOJSON_TYPE,
          title: 'Next page',
        });
      }
      sendGeoJson(res, {
        type: 'FeatureCollection',
        numberMatched: source.count(sel),
        numberReturned: page.features.length,
        timeStamp: new Date().toISOString(),
        release: sel.release.label,
        threshold: sel.threshold,
        synthetic: sel.release.synthetic,
        links,
        features: page.features,
      });
    },
  });
  route(router, ctx, {
    ...doc,
    path: `${OGC_PREFIX}/collections/{collectionId}/items/{featureId}`,
    summary: 'One feature of a collection as GeoJSON',
    params: itemPath,
    query: metaQuery,
    produces: GEOJSON_TYPE,
    response: OgcFeatureSchema,
    handle: (req, res) => {
      const { collectionId: id, featureId } = parsePath(itemPath, req);
      const source = sourceOf(id);
      const sel = selection(source, parseQuery(metaQuery, req));
      const feature = source.get(featureId, sel);
      if (!feature) {
        throw new HttpError(
          404,
          'unknown_feature',
          `No feature '${featureId}' in collection '${source.id}' for release ${sel.release.label} at ${sel.threshold.down} Mbit/s. List them at ${OGC_PREFIX}/collections/${source.id}/items.`,
          'featureId',
        );
      }
      const keep = carried(req, SELECTION);
      sendGeoJson(res, {
        ...feature,
        links: [
          {
            href: href(req, `/collections/${source.id}/items/${encodeURIComponent(featureId)}`, keep),
            rel: 'self',
            type: GEOJSON_TYPE,
            title: 'This feature',
          },
          { href: href(req, `/collections/${source.id}`, keep), rel: 'collection', type: JSON_TYPE, title: source.title },
        ],
      });
    },
  });
  return router;
}
