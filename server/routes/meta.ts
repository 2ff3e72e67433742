// GET /api/v1/meta (what the client needs to start), /api/v1/openapi.json and /healthz.
import { SYNTHETIC_ATTRIBUTION } from '../../common/attribution.ts';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { HealthSchema, MetaSchema, OpenApiSchema, type Meta, type OpenApiDocument } from '../../common/api.ts';
import { creditsOf, goalOf, type AppContext } from '../context.ts';
import { openApiDocument } from '../openapi.ts';
import { parseQuery } from '../params.ts';
import { route } from '../route.ts';
import { CHANGES_LAYER } from '../tiles/changes.ts';

const VERSION = '0.1.0';

/** A zoom at which bounds about `span` degrees wide fill a typical screen. */
function zoomFor(span: number): number {
  return Math.max(0, Math.min(14, Math.floor(Math.log2(360 / Math.max(span, 1e-6)))));
}

export function metaRoutes(ctx: AppContext): Router {
  const empty = z.object({});
  function meta(req: Request): Meta {
    parseQuery(empty, req);
    const { config, store } = ctx;
    const bounds = store.areas.bounds();
    const newest = store.releases.newest();
    const definitions = store.definitions();
    const goal = goalOf(ctx);
    const attribution = creditsOf(ctx);
    if (newest?.synthetic) attribution.push(SYNTHETIC_ATTRIBUTION);
    return {
      name: config.name,
      attribution,
      bounds,
      center: bounds ? { lon: (bounds[0] + bounds[2]) / 2, lat: (bounds[1] + bounds[3]) / 2, zoom: zoomFor(bounds[2] - bounds[0]) } : null,
      levels: store.areas.levels(),
      address_level: store.areas.addressLevel(),
      parent_level: store.areas.parentLevel(),
      thresholds: { down: definitions.down, up: definitions.up, default_down: definitions.goal.down },
      goal: { year: goal.year, covered_pct: goal.pct },
      basemap_style_url: config.basemapStyleUrl ?? null,
      release: newest?.label ?? null,
      synthetic: newest?.synthetic ?? false,
      // The one-release layers, then `changes` (its TileJSON at /tiles/changes.json, two releases needed).
      tile_layers: [...ctx.tiles.names(), CHANGES_LAYER],
      pending_releases: store.releases.pending(),
      definitions: { ...definitions, goal: { ...definitions.goal, year: goal.year, covered_pct: goal.pct } },
    };
  }

  function openApi(req: Request): OpenApiDocument {
    parseQuery(empty, req);
    return openApiDocument(ctx.docs, { title: `${ctx.config.name} API`, version: VERSION });
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/meta',
    tag: 'meta',
    summary: 'Name, attribution, bounds, levels, thresholds, goal, tile layers',
    query: empty,
    response: MetaSchema,
    cache: true,
    json: meta,
  });
  route(router, ctx, {
    path: '/api/v1/openapi.json',
    tag: 'meta',
    summary: 'This OpenAPI 3.1 document',
    query: empty,
    response: OpenApiSchema,
    cache: true,
    json: openApi,
  });
  route(router, ctx, {
    path: '/healthz',
    tag: 'meta',
    summary: 'Liveness: 200 while the database answers',
    query: empty,
    response: HealthSchema,
    json: () => ({ status: 'ok' as const, releases: ctx.store.releases.list().length }),
  });
  return router;
}
