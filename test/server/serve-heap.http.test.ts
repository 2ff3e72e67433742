// `atlas serve` runs the server in a Node with a heap limit (issue 16 item 10): it starts itself
// again with --max-old-space-size, passes SIGTERM on and leaves no process behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';

const ATLAS = join(import.meta.dirname, '../../bin/atlas.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-serve-heap-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

describe('atlas serve heap limit', () => {
  it.skipIf(process.platform !== 'linux')('serves from a Node started with --max-old-space-size, stopped by SIGTERM', async () => {
    const db = await buildFixtureDb(dir);
    const parent = spawn(process.execPath, [ATLAS, 'serve', '--db', db, '--port', '0', '--max-heap-mb', '256'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /at (http:\/\/\S+?)\/?\s/.exec(out);
        if (match) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`atlas serve exited with ${code}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const [server] = childrenOf(parent.pid!);
    expect(server).toBeGreaterThan(0);
    const cmdline = readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--max-old-space-size=256');
    parent.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The server went with it.
    for (let i = 0; i < 50 && existsSync(`/proc/${server}`); i++) await new Promise((r) => setTimeout(r, 100));
    const state = existsSync(`/proc/${server}/stat`) ? readFileSync(`/proc/${server}/stat`, 'utf8').split(' ')[2] : 'gone';
    expect(['gone', 'Z']).toContain(state);
  });
});
