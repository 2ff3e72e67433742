// GET /api/v1/summary: national figures of a release at a threshold.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { nationalProgress } from '../area-progress.ts';
import { goalOf, resolveSelection, selectionShape, type AppContext } from '../context.ts';
import { parseQuery } from '../params.ts';
import { NATIONAL } from '../store/stats.ts';

export function summaryRoutes(ctx: AppContext): Router {
  const query = z.object(selectionShape(ctx.params));
  ctx.describe({ path: '/api/v1/summary', tag: 'areas', summary: 'National figures: addresses, covered, uncovered, by technology, progress towards the goal', query });
  function summary(req: Request) {
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

  return Router().get('/api/v1/summary', (req, res) => ctx.json.send(req, res, () => summary(req)));
}
