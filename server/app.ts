// createApp(config): the Express application over a read-only database, without listening.
import compression from 'compression';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { resolve } from 'node:path';
import type { Config } from './config.ts';
import { createContext, type AppContext } from './context.ts';
import { errorHandler, notFound } from './errors.ts';
import { addressesRoutes } from './routes/addresses.ts';
import { areasRoutes } from './routes/areas.ts';
import { changesRoutes } from './routes/changes.ts';
import { clustersRoutes } from './routes/clusters.ts';
import { downloadsRoutes } from './routes/downloads.ts';
import { metaRoutes } from './routes/meta.ts';
import { OGC_PREFIX, ogcRoutes } from './routes/ogc.ts';
import { placesRoutes } from './routes/places.ts';
import { suggestRoutes } from './routes/suggest.ts';
import { releasesRoutes } from './routes/releases.ts';
import { createReportRenderer } from './report/render-pool.ts';
import { reportsRoutes } from './routes/reports.ts';
import { summaryRoutes } from './routes/summary.ts';
import { tilesRoutes } from './routes/tiles.ts';
import { uncoveredRoutes } from './routes/uncovered.ts';
import { builtClientIndex, staticFiles } from './static-files.ts';
import { openStore } from './store/index.ts';
import { createIndexCache } from './tiles/index-cache.ts';
import { createTileLayers } from './tiles/index.ts';

export interface AtlasApp {
  app: Express;
  ctx: AppContext;
  close(): void;
}

/**
 * The page at `/` when `clientDir` holds no built client, and what to do. It names no path of the server's
 * disk: `atlas serve` prints the directory it looked in (clientWarning, static-files.ts).
 */
const NO_CLIENT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gigabit Atlas</title></head>
<body><h1>Gigabit Atlas</h1><p>No built web client in the configured <code>clientDir</code> (<code>client/dist</code> by default,
read from the directory the server was started in; the server's output names the full path). Run
<code>npm run build:client</code> in the atlas directory, or start the server there or with <code>--client-dir</code>, and reload.</p>
<p>The API is available: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body></html>`;

function corsOptions(origin: string): cors.CorsOptions | null {
  if (origin === '') return null;
  if (origin === '*') return { origin: '*' };
  return { origin: origin.split(',').map((o) => o.trim()) };
}

/** The map client loads workers from blob: URLs and, optionally, an external basemap. */
function securityHeaders(config: Config) {
  const basemap = config.basemapStyleUrl ? [new URL(config.basemapStyleUrl).origin] : [];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'img-src': ["'self'", 'data:', 'blob:', ...basemap],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'", ...basemap],
        'font-src': ["'self'", ...basemap],
        // Served over plain HTTP on a LAN too; TLS and HSTS belong to a reverse proxy.
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: config.corsOrigin === '' ? 'same-origin' : 'cross-origin' },
  });
}

export function createApp(config: Config): AtlasApp {
  const store = openStore(config.db);
  const tiles = createTileLayers(store, config.maxTilePoints, { indexes: createIndexCache(config.indexCacheMb) });
  const ctx = createContext(config, store, tiles);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders(config));
  const corsConfig = corsOptions(config.corsOrigin);
  if (corsConfig) app.use(cors(corsConfig));
  // A release imported while we run must show: one cheap PRAGMA per request.
  app.use((_req, _res, next) => {
    store.dataVersion.check();
    next();
  });
  for (const prefix of ['/api', OGC_PREFIX]) {
    app.use(prefix, compression(), (_req, res, next) => {
      res.set('Cache-Control', config.apiCacheControl);
      next();
    });
  }

  app.use(metaRoutes(ctx));
  app.use(releasesRoutes(ctx));
  app.use(summaryRoutes(ctx));
  app.use(areasRoutes(ctx));
  app.use(addressesRoutes(ctx));
  app.use(uncoveredRoutes(ctx));
  app.use(changesRoutes(ctx));
  app.use(clustersRoutes(ctx));
  app.use(placesRoutes(ctx));
  app.use(suggestRoutes(ctx));
  app.use(downloadsRoutes(ctx));
  const reports = createReportRenderer(config.db, config.reportTimeoutSeconds * 1000);
  app.use(reportsRoutes(ctx, reports));
  app.use(tilesRoutes(ctx));
  app.use(ogcRoutes(ctx));

  const clientDir = resolve(config.clientDir);
  app.use(staticFiles(clientDir));
  app.get('/', (_req, res) => {
    const index = builtClientIndex(clientDir);
    if (index) res.sendFile(index);
    else res.type('html').send(NO_CLIENT_PAGE);
  });
  app.use(notFound);
  app.use(errorHandler());

  return {
    app,
    ctx,
    close: () => {
      void reports.close();
      store.close();
    },
  };
}
