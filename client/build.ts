// Bundles the map client into client/dist: app.js + app.css (esbuild), index.html, and MapLibre's
// worker, which MapLibre loads from beside the bundle (new URL('./maplibre-gl-worker.mjs', import.meta.url)).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT = join(ROOT, 'client');
const WORKER = 'maplibre-gl-worker.mjs';

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

function maplibreDist(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('maplibre-gl/package.json'))}/dist`;
}

/**
 * Writes FILE.br and FILE.gz beside each file, at the strongest settings, so the server sends them
 * without compressing per request (app.js: 1.12 MB -> about 0.3 MB).
 */
export function precompress(dir: string, files: string[]): void {
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    writeFileSync(join(dir, `${file}.gz`), gzipSync(bytes, { level: 9 }));
    writeFileSync(
      join(dir, `${file}.br`),
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
  }
}

function sizeOf(dir: string, file: string): BuiltFile {
  const bytes = readFileSync(join(dir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Builds the client into `outDir` (default client/dist) and returns the size of every output file. */
export async function buildClient(outDir = join(CLIENT, 'dist')): Promise<BuiltFile[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(CLIENT, 'src/main.ts'), 'app-style': join(CLIENT, 'src/styles.css') },
    outdir: outDir,
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(CLIENT, 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(maplibreDist(), WORKER), join(outDir, WORKER));
  precompress(outDir, ['app.js', 'app-style.css', WORKER]);
  return ['app.js', 'app-style.css', WORKER, 'index.html'].map((f) => sizeOf(outDir, f));
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildClient();
  for (const f of files) console.log(`${f.file.padEnd(24)} ${kib(f.bytes).padStart(12)}  gzip ${kib(f.gzipBytes).padStart(10)}`);
  const total = files.reduce((s, f) => s + f.gzipBytes, 0);
  console.log(`${'total (gzip)'.padEnd(24)} ${''.padStart(12)}       ${kib(total).padStart(10)}`);
}
