// GET /api/v1/downloads (per release, the whole files a user can take: GeoPackage, uncovered CSV,
// clusters CSV, with URLs and sizes once built) and GET /api/v1/downloads/{file} (the file, built on
// demand into the cache directory beside the database; see server/export/download-cache.ts).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { DownloadListSchema, type DownloadList } from '../../common/api.ts';
import { baseUrl, creditsOf, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { createDownloadCache, DownloadUnavailable, downloadsDirFor, type DownloadEntry } from '../export/download-cache.ts';
import { DOWNLOAD_FORMATS } from '../export/downloads.ts';
import { parsePath, parseQuery } from '../params.ts';
import { BINARY_BODY, route } from '../route.ts';

export const DOWNLOADS_PATH = '/api/v1/downloads';

export function downloadsRoutes(ctx: AppContext): Router {
  const { config, store } = ctx;
  const cache = createDownloadCache(config.db, downloadsDirFor(config.db, config.downloadsDir), () => creditsOf(ctx));
  const listQuery = z.object({ down: ctx.params.down });
  const filePath = z.object({ file: z.string().max(300) });

  /** Releases that hold addresses (a release without any has nothing to download). */
  const releases = () => store.releases.list().filter((r) => r.addresses > 0);

  function list(req: Request): DownloadList {
    const q = parseQuery(listQuery, req);
    const base = baseUrl(config, req);
    return {
      threshold: { down: q.down, up: null, fixed_only: false },
      releases: releases().map((release) => ({
        release: release.label,
        as_of: release.as_of,
        synthetic: release.synthetic,
        files: cache.entries(release, q.down).map((e) => ({
          kind: e.kind,
          name: e.name,
          title: DOWNLOAD_FORMATS[e.kind].title,
          media_type: DOWNLOAD_FORMATS[e.kind].mediaType,
          url: `${base}${DOWNLOADS_PATH}/${encodeURIComponent(e.name)}`,
          bytes: cache.bytes(e),
        })),
      })),
    };
  }

  function entryNamed(name: string): DownloadEntry {
    for (const release of releases())
      for (const down of ctx.store.definitions().down) for (const e of cache.entries(release, down)) if (e.name === name) return e;
    throw new HttpError(404, 'unknown_download', `No download named '${name}'; GET ${DOWNLOADS_PATH} lists them.`, 'file');
  }

  const router = Router();
  route(router, ctx, {
    path: DOWNLOADS_PATH,
    tag: 'exports',
    summary: 'Per release, the whole files to download (GeoPackage, uncovered CSV, clusters CSV) with URLs, and sizes once built',
    query: listQuery,
    response: DownloadListSchema,
    json: list,
  });
  route(router, ctx, {
    path: `${DOWNLOADS_PATH}/{file}`,
    tag: 'exports',
    summary: 'One whole file of GET /api/v1/downloads; built on the first request (which then takes a while) and kept on disk',
    params: filePath,
    query: z.object({}),
    produces: 'application/octet-stream',
    response: BINARY_BODY,
    handle: async (req, res) => {
      parseQuery(z.object({}), req);
      const entry = entryNamed(parsePath(filePath, req).file);
      const outcome = await cache.ensure(entry).catch((err: unknown) => {
        if (err instanceof DownloadUnavailable) throw new HttpError(503, 'downloads_unavailable', err.message);
        throw err;
      });
      res.set('X-Cache', outcome.toUpperCase()).attachment(entry.name);
      // sendFile would take the media type from the extension (it does not know .gpkg).
      const headers = { 'Content-Type': DOWNLOAD_FORMATS[entry.kind].mediaType };
      await new Promise<void>((resolve, reject) => res.sendFile(entry.path, { headers }, (err) => (err ? reject(err) : resolve())));
    },
  });
  return router;
}
