// `atlas export`: the data of one release as files GIS tools and static hosting take whole: a
// GeoPackage (--format gpkg), a PMTiles archive of the vector tiles (--format pmtiles) or a static
// site for object storage and a CDN (--format site). Written to a temp file and renamed, so an interrupted export leaves nothing.
import { creditsFor } from '../../common/attribution.ts';
import { ExportError, writeAtomically } from '../../server/export/atomic.ts';
import { writeGeoPackage } from '../../server/export/gpkg.ts';
import { writePmtiles } from '../../server/export/pmtiles.ts';
import { writeSite } from '../../server/export/site.ts';
import { exportSelection, type ExportSelection } from '../../server/export/selection.ts';
import { loadConfig } from '../../server/config.ts';
import { serverMaxTilePoints } from '../prerender.ts';
import { NotFound } from '../../server/store/errors.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { choice, CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

export const EXPORT_FORMATS = ['gpkg', 'pmtiles', 'site'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

const spec = {
  name: 'export',
  usage: 'atlas export --db PATH [--release L] [--down N] --format gpkg|pmtiles|site --out FILE|DIR [--force]',
  description:
    'Writes one release as a file to take whole: gpkg is a GeoPackage with the layers areas (with figures), uncovered, clusters and changes (since the release before) in ' +
    'EPSG:4326; pmtiles is a PMTiles v3 archive of every tile layer for z0-14 over the loaded areas; site is a directory ' +
    'to put on any static host (the built client, that archive, the JSON answers as files, the downloads).',
  options: {
    db: { type: 'string' },
    release: { type: 'string' },
    down: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    attribution: { type: 'string' },
  },
  help: {
    db: 'SQLite database (opened read-only)',
    release: 'release label; default the newest',
    down: "download threshold (Mbit/s) that counts as covered, one of the database's (atlas init; NL: 30 | 100 | 1000); default the goal's",
    format: `what to write: ${EXPORT_FORMATS.join(' | ')}`,
    out: 'output file (a directory for site)',
    force: 'replace --out when it exists',
    attribution:
      'credits of the boundaries, separated by `;`; default $ATLAS_ATTRIBUTION, else those stored with the boundaries, else the CBS/Kadaster credit',
  },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean'; default?: string }>>;

function gpkg(store: Store, file: string, sel: ExportSelection): string {
  const { layers } = writeGeoPackage(store, file, sel);
  return Object.entries(layers)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

async function pmtiles(store: Store, file: string, sel: ExportSelection): Promise<string> {
  const tty = Boolean(process.stderr.isTTY);
  const r = await writePmtiles(store, file, sel, {
    maxTilePoints: serverMaxTilePoints(),
    onZoom: (z, n) => process.stderr.write(`${tty ? '\r' : ''}pmtiles: z${z} ${n} tiles${tty ? '\x1b[K' : '\n'}`),
  });
  if (tty) process.stderr.write('\n');
  return `${r.addressedTiles} tiles (${r.tileContents} distinct), ${(r.bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function site(store: Store, dir: string, sel: ExportSelection, db: string, attribution: string | undefined): Promise<string> {
  const config = loadConfig({ db, ...(attribution === undefined ? {} : { attribution }) });
  const r = await writeSite(store, dir, sel, { config, onStep: (what) => process.stderr.write(`site: ${what}\n`) });
  const mib = (r.archive.bytes / 1024 / 1024).toFixed(1);
  return `${r.archive.addressedTiles} tiles (${mib} MiB archive), ${r.answers} JSON answers, ${r.downloads} downloads`;
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const v = parsed.values;
    if (!v.db || !v.out || !v.format) throw new CliError('atlas export: give --db, --format and --out. See `atlas export --help`.', 2);
    const format = choice<ExportFormat>('export', 'format', v.format, EXPORT_FORMATS);
    const store = openStore(v.db);
    // The flag, else ATLAS_ATTRIBUTION (as atlas serve reads it), else the credits stored with the boundaries.
    const attribution = creditsFor(v.attribution ?? process.env.ATLAS_ATTRIBUTION, store.areas.credits());
    const definitions = store.definitions();
    const down = v.down === undefined ? definitions.goal.down : choice('export', 'down', v.down, definitions.down);
    const started = Date.now();
    try {
      const sel = exportSelection(store, v.release, { down, up: null, fixed_only: false }, attribution);
      const out = v.out;
      const what = await writeAtomically(out, Boolean(v.force), (tmp) => {
        if (format === 'gpkg') return gpkg(store, tmp, sel);
        if (format === 'pmtiles') return pmtiles(store, tmp, sel);
        return site(store, tmp, sel, v.db!, v.attribution);
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      console.log(
        `Wrote ${out} (${format}; release ${sel.release.label}${sel.release.synthetic ? ', synthetic' : ''}, ${down} Mbit/s): ${what} in ${seconds} s.`,
      );
      return 0;
    } catch (err) {
      if (err instanceof NotFound || err instanceof ExportError) throw new CliError(`atlas export: ${err.message}`);
      throw err;
    } finally {
      store.close();
    }
  });
