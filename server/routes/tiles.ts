// GET /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json (TileJSON 3.0): the shared plumbing
// of every layer. Tiles are gzipped once and cached compressed with a strong ETag.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { TILE_MAX_ZOOM, UNCOVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import { baseUrl, creditsOf, resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { ENTRY_OVERHEAD, keyBytes, ownBytes } from '../bytes.ts';
import { Lru } from '../lru.ts';
import { parsePath, parseQuery, parseValues } from '../params.ts';
import type { TileLayerSource } from '../tiles/registry.ts';
import { CHANGES_LAYER } from '../tiles/changes.ts';
import { createPrerenderedLookup } from '../tiles/prerendered.ts';
import { gzipTile } from '../tiles/pyramid.ts';
import { pairShape, resolvePair } from '../change-pair.ts';

/** What TileJSON says of a layer. */
type LayerInfo = Pick<TileLayerSource, 'description' | 'minzoom' | 'maxzoom' | 'fields'> & { name: string };
import { BINARY_BODY, route } from '../route.ts';
import { TileJsonSchema, type TileJson } from '../../common/api.ts';

/** Largest tile we accept to serve; layers are built to stay well under it. */
export const MAX_TILE_BYTES = 500 * 1024;

interface CachedTile {
  gz: Buffer | null;
  etag: string;
}

const tileNumber = z
  .string()
  .regex(/^\d{1,8}$/, 'expected a whole number')
  .transform(Number);

const warned = new Set<string>();
function warnOversized(message: string): void {
  if (warned.size > 1000 || warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

export function tilesRoutes(ctx: AppContext): Router {
  const { config, tiles, store } = ctx;
  // Weighed in bytes: the tile, its key and ETag, and what an entry costs around them.
  const cache = new Lru<string, CachedTile>(
    config.tileCacheMb * 1024 * 1024,
    (t, key) => (t.gz?.length ?? 0) + keyBytes(key) + keyBytes(t.etag) + ENTRY_OVERHEAD,
  );
  const prerendered = createPrerenderedLookup(store, config.maxTilePoints);
  store.dataVersion.onChange(() => {
    cache.clear();
    tiles.resetAll();
    prerendered.reset();
  });

  const query = z.object({
    ...selectionShape(ctx.params),
    technology: ctx.params.technology.meta({ description: 'uncovered layer only: keep addresses of these best technologies' }),
  });
  const changesQuery = z.object(pairShape(ctx.params));
  const coordPath = z.object({ z: tileNumber, x: tileNumber, y: tileNumber });
  const tilePath = coordPath.extend({ layer: z.string() });
  const jsonPath = z.object({ layer: z.string() });

  function layerOf(name: string): TileLayerSource {
    const layer = tiles.get(name);
    if (!layer) throw new HttpError(404, 'unknown_layer', `Unknown tile layer '${name}'; layers: ${tiles.names().join(', ')}.`, 'layer');
    return layer;
  }

  /** The tile coordinates of a request, checked against the zoom range and the grid. */
  function coordOf(req: Request): { z: number; x: number; y: number } {
    const coord = parseValues(coordPath, { z: req.params.z, x: req.params.x, y: req.params.y });
    const { z: zoom, x, y } = coord;
    if (zoom > TILE_MAX_ZOOM) throw new HttpError(400, 'invalid_parameter', `Zoom ${zoom} is out of range 0..${TILE_MAX_ZOOM}.`, 'z');
    const n = 2 ** zoom;
    if (x >= n) throw new HttpError(400, 'invalid_parameter', `x ${x} is out of range 0..${n - 1} at zoom ${zoom}.`, 'x');
    if (y >= n) throw new HttpError(400, 'invalid_parameter', `y ${y} is out of range 0..${n - 1} at zoom ${zoom}.`, 'y');
    return coord;
  }

  /** A tile from the cache, or made by `make` (its gzipped bytes, null when empty) and given an ETag. */
  function cached(key: string, make: () => Buffer | null): CachedTile {
    return cache.getOrSet(key, () => {
      const gz = make();
      const digest = createHash('sha1')
        .update(gz ?? 'empty')
        .digest('base64url');
      return { gz, etag: `"${digest}"` };
    });
  }

  /** A tile rendered on request (null inside the layer's zoom range: empty), gzipped once. */
  function computed(key: string, inRange: boolean, draw: () => Uint8Array | null): Buffer | null {
    const raw = inRange ? draw() : null;
    // Layers are built to stay under the limit; data that still exceeds it is served (and
    // logged once per tile) rather than answered with a 5xx.
    if (raw && raw.length > MAX_TILE_BYTES)
      warnOversized(`tile ${key} is ${raw.length} bytes, over the ${MAX_TILE_BYTES} byte goal; served anyway`);
    // gzipSync hands back a view of a 16 KB chunk, and small copies land in 8 KB pool slabs: the
    // cache keeps bytes of their own.
    return raw ? ownBytes(gzipTile(raw)) : null;
  }

  function render(layer: TileLayerSource, req: Request): CachedTile {
    const coord = coordOf(req);
    const q = parseQuery(query, req);
    const { release, threshold } = resolveSelection(ctx, q);
    // Only the uncovered layer filters by technology; the others are one tile whatever it says.
    const technologies = layer.name === 'uncovered' ? q.technology : undefined;
    const key = `${layer.name}/${coord.z}/${coord.x}/${coord.y}/${release.id}/${threshold.down}/${threshold.up}/${threshold.fixed_only}/${technologies ?? ''}`;
    const inRange = coord.z >= layer.minzoom && coord.z <= layer.maxzoom;
    const tileReq = { ...coord, release, threshold, technologies };
    return cached(key, () => {
      // The pre-rendered tile when a stored set was made for exactly this request (atlas tiles).
      const stored = inRange ? prerendered.tile(layer.name, tileReq) : undefined;
      return stored !== undefined ? stored : computed(key, inRange, () => layer.render(tileReq));
    });
  }

  async function renderChanges(req: Request): Promise<CachedTile> {
    const coord = coordOf(req);
    const pair = resolvePair(ctx, parseQuery(changesQuery, req));
    const { z: zoom, x, y } = coord;
    const key = `${CHANGES_LAYER}/${zoom}/${x}/${y}/${pair.from.id}>${pair.to.id}/${pair.threshold.down}/${pair.threshold.up ?? ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    // A pair the import did not store is computed in a worker, and the single points (from z12) of a stored
    // pair are read in one: the event loop stays free meanwhile.
    const diff =
      zoom >= UNCOVERED_POINTS_MIN_ZOOM
        ? await store.changes.loadAddresses(pair.from.id, pair.to.id)
        : await store.changes.load(pair.from.id, pair.to.id);
    return cached(key, () => computed(key, true, () => tiles.changes.render({ ...coord, ...pair, diff })));
  }

  function send(req: Request, res: Response, tile: CachedTile): void {
    res.set('Cache-Control', config.tileCacheControl);
    if (!tile.gz) {
      res.status(204).end();
      return;
    }
    // res.vary adds to what CORS set (Vary: Origin) instead of replacing it.
    res.set('ETag', tile.etag).vary('Accept-Encoding');
    if (req.get('If-None-Match') === tile.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/vnd.mapbox-vector-tile');
    if (req.acceptsEncodings('gzip')) {
      res.set('Content-Encoding', 'gzip').send(tile.gz);
    } else {
      res.send(gunzipSync(tile.gz));
    }
  }

  /** TileJSON 3.0 of a layer whose tiles take `search` as their query. */
  function sendTileJson(req: Request, res: Response, layer: LayerInfo, search: URLSearchParams, newest: boolean): void {
    const bounds = store.areas.bounds() ?? [-180, -85.0511, 180, 85.0511];
    const tileJson: TileJson = {
      tilejson: '3.0.0',
      name: layer.name,
      description: layer.description,
      tiles: [`${baseUrl(config, req)}/tiles/${layer.name}/{z}/{x}/{y}.mvt?${search}`],
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(layer.minzoom, 6)],
      attribution: creditsOf(ctx).join('; '),
      vector_layers: [
        { id: layer.name, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields: layer.fields },
      ],
    };
    // Without a release the answer names the newest one, which an import changes: not cached long.
    res.set('Cache-Control', newest ? config.apiCacheControl : config.tileCacheControl);
    if (config.trustProxy && !config.publicUrl) res.vary('X-Forwarded-Proto').vary('X-Forwarded-Host');
    res.json(tileJson);
  }

  const router = Router();
  // The changes layer compares two releases: its own routes, before the one-release routes of /tiles/{layer}.
  route(router, ctx, {
    path: `/tiles/${CHANGES_LAYER}.json`,
    tag: 'tiles',
    summary: 'TileJSON 3.0 of the changes layer (what changed between two releases)',
    query: changesQuery,
    response: TileJsonSchema,
    handle: (req, res) => {
      const q = parseQuery(changesQuery, req);
      const { from, to, threshold } = resolvePair(ctx, q);
      const search = new URLSearchParams({ from: from.label, to: to.label, down: String(threshold.down) });
      if (threshold.up !== null) search.set('up', String(threshold.up));
      sendTileJson(req, res, tiles.changes, search, q.to === undefined || q.from === undefined);
    },
  });
  route(router, ctx, {
    path: `/tiles/${CHANGES_LAYER}/{z}/{x}/{y}.mvt`,
    tag: 'tiles',
    summary: 'A Mapbox Vector Tile (gzip-encoded) of the changes layer',
    params: coordPath,
    query: changesQuery,
    produces: 'application/vnd.mapbox-vector-tile',
    response: BINARY_BODY,
    otherResponses: { 204: 'the tile is empty', 304: 'not modified (If-None-Match)' },
    handle: async (req, res) => {
      send(req, res, await renderChanges(req));
    },
  });
  route(router, ctx, {
    path: '/tiles/{layer}.json',
    tag: 'tiles',
    summary: 'TileJSON 3.0 of one layer',
    params: jsonPath,
    query,
    response: TileJsonSchema,
    handle: (req, res) => {
      const layer = layerOf(parsePath(jsonPath, req).layer);
      const q = parseQuery(query, req);
      const { release, threshold } = resolveSelection(ctx, q);
      const search = new URLSearchParams({ release: release.label, down: String(threshold.down) });
      if (threshold.up !== null) search.set('up', String(threshold.up));
      if (threshold.fixed_only) search.set('fixed_only', '1');
      if (q.technology && layer.name === 'uncovered') search.set('technology', q.technology.join(','));
      sendTileJson(req, res, layer, search, q.release === undefined);
    },
  });

  route(router, ctx, {
    path: '/tiles/{layer}/{z}/{x}/{y}.mvt',
    tag: 'tiles',
    summary: 'A Mapbox Vector Tile (gzip-encoded) of one layer',
    params: tilePath.extend({ layer: z.string().meta({ description: 'areas, hexes, uncovered, …' }) }),
    query,
    produces: 'application/vnd.mapbox-vector-tile',
    response: BINARY_BODY,
    otherResponses: { 204: 'the tile is empty', 304: 'not modified (If-None-Match)' },
    handle: (req, res) => {
      const layer = layerOf(String(req.params.layer));
      send(req, res, render(layer, req));
    },
  });
  return router;
}
