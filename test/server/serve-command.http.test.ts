// `atlas serve` as a user runs it: clear messages instead of stacks, a URL that answers, and a heap limit.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  return spawnSync(process.execPath, [ATLAS, 'serve', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ATLAS_PORT: '' } });
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
      const res = await fetch(`${await urlOf(child)}/healthz`);
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('ok');
    } finally {
      child.kill('SIGTERM');
    }
  });

  // Issue 16 item 10: the server runs in a Node started again with --max-old-space-size.
  it.skipIf(process.platform !== 'linux')('serves from a Node with a heap limit, and SIGTERM stops both processes', async () => {
    const db = await buildFixtureDb(dir);
    const parent = spawn(process.execPath, [ATLAS, 'serve', '--db', db, '--port', '0', '--max-heap-mb', '256'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
    expect((await fetch(`${await urlOf(parent)}/healthz`)).status).toBe(200);
    const [server] = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    expect(readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=256');
    parent.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (let i = 0; i < 50 && existsSync(`/proc/${server}`); i++) await new Promise((r) => setTimeout(r, 100));
    const state = existsSync(`/proc/${server}/stat`) ? readFileSync(`/proc/${server}/stat`, 'utf8').split(' ')[2] : 'gone';
    expect(['gone', 'Z']).toContain(state);
  });
});

/** The URL `atlas serve` prints once it listens. */
function urlOf(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/\S+?)\/?\s/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`atlas serve exited with ${code}`)));
  });
}
