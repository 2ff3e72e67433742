// GET /api/v1/places: place names with address counts and positions, largest first (map labels).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { PlaceListSchema, type PlaceList } from '../../common/api.ts';
import type { AppContext } from '../context.ts';
import { parseQuery } from '../params.ts';
import { route } from '../route.ts';

export const MAX_PLACES = 20000;

export function placesRoutes(ctx: AppContext): Router {
  const query = z.object({
    release: ctx.params.release,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PLACES)
      .default(3000)
      .meta({ description: `most places to return, largest first (1..${MAX_PLACES}; default 3000)` }),
  });
  function places(req: Request): PlaceList {
    const q = parseQuery(query, req);
    const release = ctx.store.releases.resolve(q.release);
    return { release: release.label, places: ctx.store.places.ranked(release.id, q.limit) };
  }
  const router = Router();
  route(router, ctx, {
    path: '/api/v1/places',
    tag: 'areas',
    summary: "Places (the addresses' city) with address count and mean position, largest first",
    query,
    response: PlaceListSchema,
    cache: true,
    json: places,
  });
  return router;
}
