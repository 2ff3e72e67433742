// A throwaway PostgreSQL + PostGIS cluster for the tiles bench: installs Debian's postgresql-15-postgis-3
// when missing (as root, with apt-get), runs initdb and pg_ctl in a temp dir as the `postgres` OS user when
// run as root (PostgreSQL refuses to run as root), listens on a Unix socket in that dir only (no TCP port),
// and removes it all on stop. Returns a reason instead when PostGIS cannot be had here.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'postgresql-15-postgis-3';
const PORT = 5432;

export interface PostgisCluster {
  /** The socket directory: pg's `host`. */
  host: string;
  port: number;
  user: string;
  stop(): void;
}

/** The newest installed PostgreSQL whose share dir holds the postgis extension, as its bin dir. */
function postgisBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    if (existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`) && existsSync(join(root, v, 'bin', 'initdb'))) {
      return join(root, v, 'bin');
    }
  }
  return null;
}

/** The bin dir of a PostgreSQL with PostGIS, installing the Debian package when missing; or why not. */
export function ensurePostgis(): { bin: string } | { skip: string } {
  const found = postgisBinDir();
  if (found) return { bin: found };
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    return { skip: `PostGIS is not installed and cannot be installed here (needs root and apt-get): install ${PACKAGE}` };
  }
  console.log(`installing ${PACKAGE} with apt-get (once) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', PACKAGE], { stdio: 'inherit', env });
  const bin = run.status === 0 ? postgisBinDir() : null;
  return bin ? { bin } : { skip: `apt-get install ${PACKAGE} failed (exit ${run.status}); PostGIS skipped` };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts a fresh cluster in a temp dir; the caller must stop() it. */
export function startCluster(bin: string): PostgisCluster {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-pg-'));
  const isRoot = process.getuid?.() === 0;
  // PostgreSQL will not run as root: then the cluster belongs to the `postgres` OS user the Debian package makes.
  const run = (args: string[]) => {
    if (!isRoot) return execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', args.map(quote).join(' ')], { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const user = 'atlas';
  run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-k ${dir} -p ${PORT} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB -c jit=off`;
  run([join(bin, 'pg_ctl'), '-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  let stopped = false;
  return {
    host: dir,
    port: PORT,
    user,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
