// GET /api/v1/releases: every release with its headline figures (at the default threshold).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ReleaseListSchema, type ReleaseList } from '../../common/api.ts';
import type { AppContext } from '../context.ts';
import { parseQuery } from '../params.ts';
import { route } from '../route.ts';

export function releasesRoutes(ctx: AppContext): Router {
  const query = z.object({});
  function list(req: Request): ReleaseList {
    parseQuery(query, req);
    const releases = ctx.store.releases.list().map((r) => ({
      label: r.label,
      as_of: r.as_of,
      addresses: r.addresses,
      covered: r.covered,
      uncovered: r.uncovered,
      synthetic: r.synthetic,
      imported_at: r.imported_at,
      register: r.register,
      ...(r.location_precision === 'h3r8' ? { location_precision: 'h3r8' as const } : {}),
    }));
    return { releases };
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/releases',
    tag: 'releases',
    summary: 'Every release, oldest first, with its national figures',
    query,
    response: ReleaseListSchema,
    cache: true,
    json: list,
  });
  return router;
}
