// route(): registers a GET route on a router and adds it to the OpenAPI document in one call, from
// one OpenAPI-style path (`/api/v1/areas/{code}`), so no path is written twice. A JSON route returns
// its body, typed by the response schema of common/api.ts; other routes write the response themselves.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import type { RouteDoc } from './openapi.ts';

/** Bodies that are not JSON: text (CSV) and bytes (PDF, vector tiles). */
export const TEXT_BODY = z.string();
export const BINARY_BODY = z.string().meta({ contentMediaType: 'application/octet-stream' });

interface JsonRoute<R extends z.ZodType> extends RouteDoc {
  response: R;
  /** Builds the body; kept serialised per URL until the database changes when `cache` is set. */
  json: (req: Request) => z.output<R>;
  cache?: boolean;
}

interface RawRoute extends RouteDoc {
  handle: (req: Request, res: Response) => void | Promise<void>;
}

/** `/tiles/{layer}/{z}.mvt` -> `/tiles/:layer/:z.mvt` (Express 5 reads `{...}` as an optional part). */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function route<R extends z.ZodType>(router: Router, ctx: AppContext, spec: JsonRoute<R> | RawRoute): void {
  const { json: _j, handle: _h, cache: _c, ...doc } = spec as JsonRoute<R> & RawRoute;
  ctx.docs.push(doc);
  if ('handle' in spec) {
    router.get(expressPath(spec.path), spec.handle);
    return;
  }
  const { json, cache } = spec;
  router.get(
    expressPath(spec.path),
    cache
      ? (req, res) => ctx.json.send(req, res, () => json(req))
      : (req, res) => {
          res.json(json(req));
        },
  );
}
