// `atlas export --format site`: a static site that runs with no server of ours. The built client
// (switched to static mode by a <meta> in index.html), the PMTiles archive of every tile layer, the
// JSON answers the client asks for as files (the server's own answers, asked over loopback HTTP so
// they are byte for byte what a live server sends), the whole-file downloads and static.json.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AreaList, ClusterList, Meta, ReleaseList } from '../../common/api.ts';
import { TILE_LAYERS } from '../../common/constants.ts';
import {
  apiPath,
  CLUSTERS_PER_PAGE,
  requests,
  STATIC_ARCHIVE_FILE,
  STATIC_MANIFEST_FILE,
  STATIC_SITE_META,
  staticAnswerPath,
  type AnswerSelection,
  type Params,
  type StaticManifest,
} from '../../common/static-site.ts';
import type { Config } from '../config.ts';
import { startServer } from '../main.ts';
import { builtClientIndex } from '../static-files.ts';
import type { Store } from '../store/index.ts';
import { ExportError } from './atomic.ts';
import { DOWNLOAD_KINDS, downloadName, writeDownload } from './downloads.ts';
import { PMTILES_MAX_ZOOM, writePmtiles, type PmtilesResult } from './pmtiles.ts';
import type { ExportSelection } from './selection.ts';

export interface SiteResult {
  answers: number;
  archive: PmtilesResult;
  downloads: number;
}

export interface SiteOptions {
  /** The server configuration the answers are made with (db, attribution, goal, clientDir ...). */
  config: Config;
  onStep?: (message: string) => void;
}

/** index.html with the static-mode flag, so the client reads files instead of the API. */
function staticIndex(html: string): string {
  const flag = `<meta name="${STATIC_SITE_META}" content="static">`;
  if (!html.includes('<meta charset="utf-8">'))
    throw new ExportError('The built client index.html has no <meta charset="utf-8"> to place the static flag after.');
  return html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  ${flag}`);
}

/** Writes the site into `dir` (which must not exist yet). */
export async function writeSite(store: Store, dir: string, sel: ExportSelection, options: SiteOptions): Promise<SiteResult> {
  const { config } = options;
  const step = options.onStep ?? (() => undefined);
  if (!builtClientIndex(config.clientDir)) {
    throw new ExportError(`The built client is missing in ${config.clientDir}; run \`npm run build:client\` first.`);
  }
  mkdirSync(dir);
  cpSync(config.clientDir, dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), staticIndex(readFileSync(join(dir, 'index.html'), 'utf8')));

  step('pmtiles archive');
  const archive = await writePmtiles(store, join(dir, STATIC_ARCHIVE_FILE), sel, { maxTilePoints: config.maxTilePoints });

  step('JSON answers');
  const answers = await writeAnswers(dir, config, { release: sel.release.label, down: sel.threshold.down });

  step('downloads');
  const downloads: Record<string, string> = {};
  mkdirSync(join(dir, 'downloads'));
  for (const kind of DOWNLOAD_KINDS) {
    const path = `downloads/${downloadName(sel, kind)}`;
    await writeDownload(store, kind, join(dir, path), sel);
    downloads[kind] = path;
  }

  const manifest: StaticManifest = {
    release: sel.release.label,
    down: sel.threshold.down,
    synthetic: sel.release.synthetic,
    archive: STATIC_ARCHIVE_FILE,
    archive_maxzoom: PMTILES_MAX_ZOOM,
    downloads,
    exported_at: new Date().toISOString(),
  };
  writeFileSync(join(dir, STATIC_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { answers, archive, downloads: DOWNLOAD_KINDS.length };
}

/** Asks a server of our own on a loopback port every answer the client needs and writes each to its file. */
async function writeAnswers(dir: string, config: Config, s: AnswerSelection): Promise<number> {
  const server = await startServer({ ...config, host: '127.0.0.1', port: 0 });
  let written = 0;
  async function save<T>([path, params]: readonly [string, Params]): Promise<T> {
    const res = await fetch(`${server.url}${apiPath(path, params)}`);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${apiPath(path, params)} answered ${res.status}: ${body.slice(0, 300)}`);
    const file = join(dir, staticAnswerPath(path, params));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
    written++;
    return JSON.parse(body) as T;
  }
  try {
    const meta = await save<Meta>(requests.meta());
    const { releases } = await save<ReleaseList>(requests.releases());
    // The layers the client draws from the archive; `changes` needs the changes routes (not held).
    for (const layer of TILE_LAYERS.filter((l) => meta.tile_layers.includes(l))) await save(requests.tileJson(layer));
    for (const r of releases) await save(requests.summary({ release: r.label, down: s.down }));
    await save(requests.places(s.release));
    /** Every page of the clusters panel of one scope (null: national) in both orders. */
    const clusterPages = async (area: string | null) => {
      for (const sort of ['size', 'distance'] as const) {
        const { total } = await save<ClusterList>(requests.clusters(s, area, sort, 0));
        for (let offset = CLUSTERS_PER_PAGE; offset < total; offset += CLUSTERS_PER_PAGE)
          await save(requests.clusters(s, area, sort, offset));
      }
    };
    await clusterPages(null);
    for (const level of meta.levels) {
      const { areas } = await save<AreaList>(requests.areas(s, level));
      for (const area of areas) {
        await save(requests.area(s, area.code));
        await clusterPages(area.code);
      }
    }
  } finally {
    await server.stop();
  }
  return written;
}
