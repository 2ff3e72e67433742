// `atlas serve` as a user runs it: clear messages instead of stacks, a URL that answers, and a heap limit.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_HEAP_MB, SEMI_SPACE_MB } from '../../bin/serve-relay.js';
import { loadConfig } from '../../server/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';

const ATLAS = join(import.meta.dirname, '../../bin/atlas.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-serve-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function serveOnce(args: string[]) {
  return spawnSync(process.execPath, [ATLAS, 'serve', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ATLAS_PORT: '' },
  });
}

/** Starts `atlas serve`, resolves with its URL and what it printed to stderr once it listens. */
function startServe(args: string[], options: { uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, [ATLAS, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = new Promise<{ url: string; stderr: () => string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/\S+?)\/?\s/.exec(out);
      if (match) setTimeout(() => resolve({ url: match[1], stderr: () => stderr }), 100);
    });
    child.once('exit', (code) => reject(new Error(`atlas serve exited with ${code}: ${stderr}`)));
  });
  return { child, started };
}

/** The journal mode a closed SQLite file is in, from its header (bytes 18-19: 1 rollback, 2 WAL). */
function journalModeOf(path: string): 'wal' | 'rollback' {
  const header = readFileSync(path).subarray(18, 20);
  return header[0] === 2 && header[1] === 2 ? 'wal' : 'rollback';
}

describe('atlas serve', () => {
  it('exits with a message, not a stack, when the database is missing', () => {
    const run = serveOnce(['--db', join(dir, 'missing.sqlite')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('missing.sqlite: cannot open the database');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits with a message when the database has a schema version it does not know', () => {
    const path = join(dir, 'future.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    const run = serveOnce(['--db', path]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/schema version 999 is newer/);
  });

  it('exits with usage help on a bad flag value', () => {
    const run = serveOnce(['--port', 'eighty']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('port (--port or ATLAS_PORT)');
  });

  it('prints the URL it serves at, and that URL answers', async () => {
    const db = await buildFixtureDb(dir);
    const child = spawn(process.execPath, [ATLAS, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /at (http:\/\/\S+?)\/?\s/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`atlas serve exited with ${code}`)));
      });
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('ok');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('warns that --host 0.0.0.0 and :: make the map and API reachable from the network, and not for 127.0.0.1', async () => {
    const db = await buildFixtureDb(mkdtempSync(join(dir, 'host-')));
    for (const [host, warns] of [
      ['0.0.0.0', true],
      ['::', true],
      ['127.0.0.1', false],
    ] as const) {
      const { child, started } = startServe(['--db', db, '--host', host]);
      try {
        const { stderr } = await started;
        if (warns)
          expect(stderr()).toMatch(
            new RegExp(
              `Warning: --host ${host.replace(/\./g, '\\.')} listens on every network interface: the map and the API are reachable from the network.*CORS origins: \\*`,
            ),
          );
        else expect(stderr()).not.toContain('Warning');
      } finally {
        child.kill('SIGTERM');
      }
    }
  });

  it('serves from a read-only directory, or explains why it cannot, never with a stack trace', async () => {
    const root = process.getuid?.() === 0;
    const roDir = join(dir, 'read-only');
    mkdirSync(roDir);
    chmodSync(dir, 0o755);
    const built = await buildFixtureDb(mkdtempSync(join(dir, 'build-')));
    // The test fixture is closed in WAL mode (as a server that had it open would leave it).
    expect(journalModeOf(built)).toBe('wal');
    copyFileSync(built, join(roDir, 'wal.sqlite'));
    copyFileSync(built, join(roDir, 'migrated.sqlite'));
    expect(spawnSync(process.execPath, [ATLAS, 'migrate', '--db', join(roDir, 'migrated.sqlite')]).status).toBe(0);
    expect(journalModeOf(join(roDir, 'migrated.sqlite'))).toBe('rollback');
    chmodSync(roDir, 0o555);
    // root may write anywhere: serve as nobody then.
    const as = root ? { uid: 65534, gid: 65534 } : {};
    try {
      const wal = spawnSync(process.execPath, [ATLAS, 'serve', '--db', join(roDir, 'wal.sqlite'), '--port', '0'], {
        encoding: 'utf8',
        timeout: 30_000,
        ...as,
      });
      expect(wal.status).toBe(1);
      expect(wal.stderr).toContain('wal.sqlite: the database is in WAL mode and its directory is not writable');
      expect(wal.stderr).toContain('npx atlas migrate --db');
      expect(wal.stderr).not.toMatch(/\n\s+at /);
      const { child, started } = startServe(['--db', join(roDir, 'migrated.sqlite')], as);
      try {
        const { url } = await started;
        for (const path of ['/api/v1/summary', '/tiles/areas/0/0/0.mvt', '/api/v1/areas?level=municipality']) {
          expect((await fetch(`${url}${path}`)).status, path).toBe(200);
        }
      } finally {
        child.kill('SIGTERM');
      }
    } finally {
      chmodSync(roDir, 0o755);
    }
  });

  // Issue 16 item 10: the server runs in a Node started again with --max-old-space-size.
  it.skipIf(process.platform !== 'linux')('serves from a Node with a heap limit, and SIGTERM stops both processes', async () => {
    const db = await buildFixtureDb(mkdtempSync(join(dir, 'heap-')));
    const { child, started } = startServe(['--db', db, '--max-heap-mb', '256']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const { url } = await started;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const [server] = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    const argv = readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0');
    expect(argv).toContain('--max-old-space-size=256');
    expect(argv).toContain(`--max-semi-space-size=${SEMI_SPACE_MB}`);
    expect(readFileSync(`/proc/${server}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    // The relay is a bare Node: no tsx, no CLI, no server (it was 152 MB with the server loaded).
    const relayRss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
    expect(relayRss).toBeLessThan(70);
    expect(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)).toEqual([String(server)]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (let i = 0; i < 50 && existsSync(`/proc/${server}`); i++) await new Promise((r) => setTimeout(r, 100));
    const state = existsSync(`/proc/${server}/stat`) ? readFileSync(`/proc/${server}/stat`, 'utf8').split(' ')[2] : 'gone';
    expect(['gone', 'Z']).toContain(state);
  });

  it('relays with the same default heap limit as the server configuration', () => {
    expect(loadConfig({ db: 'x.sqlite' }, {}).maxHeapMb).toBe(DEFAULT_MAX_HEAP_MB);
  });
});
