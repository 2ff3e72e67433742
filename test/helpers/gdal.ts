// Runs the real GDAL command line tools (Debian gdal-bin) for tests of GIS outputs; absent: tests skip.
// Asynchronous on purpose: a test server in the same process must keep answering GDAL's requests.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether ogrinfo and ogr2ogr can run here. */
export const HAVE_GDAL = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAVE_GDAL) console.warn('ogrinfo not found: GDAL tests are skipped (install Debian gdal-bin to run them).');

export async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]): Promise<string> {
  const { stdout } = await run(tool, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** `ogrinfo -so` summary of one layer: feature count, geometry type, SRS authority and field names with types. */
export async function layerSummary(source: string, layer: string, open: string[] = []) {
  const text = await gdal('ogrinfo', ['-ro', '-so', ...open, source, layer]);
  const count = /Feature Count: (\d+)/.exec(text);
  const geometry = /Geometry: (.+)/.exec(text);
  const epsg = [...text.matchAll(/ID\["EPSG",(\d+)\]\]\s*$/gm)].at(-1);
  const fields = Object.fromEntries([...text.matchAll(/^(\w+): (\w+(?:\(\w+\))?) \(/gm)].map((m) => [m[1], m[2]]));
  return {
    text,
    count: count ? Number(count[1]) : null,
    geometry: geometry?.[1].trim() ?? null,
    epsg: epsg ? Number(epsg[1]) : null,
    fields,
  };
}
