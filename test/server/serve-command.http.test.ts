// `atlas serve` as a user runs it: clear messages instead of stacks, and a URL that answers.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
