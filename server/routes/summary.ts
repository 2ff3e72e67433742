// GET /api/v1/summary: national figures of a release at a threshold.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { SummarySchema, type Summary } from '../../common/api.ts';
import { nationalProgress } from '../area-progress.ts';
import { goalOf, resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { parseQuery } from '../params.ts';
import { route } from '../route.ts';
import { NATIONAL } from '../store/stats.ts';

export function summaryRoutes(ctx: AppContext): Router {
  const query = z.object(selectionShape(ctx.params));
  function summary(req: Request): Summary {
    const { release, threshold, echo } = resolveSelection(ctx, parseQuery(query, req));
    const scope = { release: release.id, ...NATIONAL };
    return {
      ...echo,
      synthetic: release.synthetic,
      ...ctx.store.stats.figures(scope, threshold),
      by_technology: ctx.store.stats.byTechnology(scope, threshold),
      progress: nationalProgress(ctx.store, release, threshold, goalOf(ctx)),
    };
  }

  const router = Router();
  route(router, ctx, {
    path: '/api/v1/summary',
    tag: 'areas',
    summary: 'National figures: addresses, covered, uncovered, by technology, progress towards the goal',
    query,
    response: SummarySchema,
    cache: true,
    json: summary,
  });
  return router;
}
