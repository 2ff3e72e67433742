// The atlas under bench: `atlas serve`'s app in a child process on an ephemeral port, mounted behind
// one bare null route (/__null, a fixed 1 KB body) that is the HTTP floor the benches compare with.
// A bench file calls runAtlasChildIfAsked() at its top; startAtlasChild() spawns that same file with --child.
import express from 'express';
import { spawn, type ChildProcess } from 'node:child_process';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';

const NULL_BODY = Buffer.alloc(1024, 'x');

export interface AtlasChild {
  child: ChildProcess;
  base: string;
}

/** In the child: serves the atlas (with the given config overrides as JSON) behind the null route. */
function runChild(db: string, overrides: Record<string, unknown>): void {
  const atlas = createApp(loadConfig({ ...overrides, db, port: 0 }, {}));
  const outer = express();
  outer.get('/__null', (_req, res) => {
    res.type('application/octet-stream').send(NULL_BODY);
  });
  outer.use(atlas.app);
  const server = outer.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
  });
  // A bench may sit idle between requests (building URL lists) longer than Node's 5 s default; a
  // socket closed by the server just as the client reuses it would fail a request ("other side closed").
  server.keepAliveTimeout = 120_000;
}

/** True (and the child is serving) when this process is the child; the bench's main must then not run. */
export function runAtlasChildIfAsked(): boolean {
  if (process.argv[2] !== '--child') return false;
  runChild(process.argv[3], JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>);
  return true;
}

/** Spawns the bench file `script` as the child on `db`; resolves once it listens. */
export function startAtlasChild(script: string, db: string, overrides: Record<string, unknown> = {}): Promise<AtlasChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--child', db, JSON.stringify(overrides)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(chunk.toString());
      if (match) resolve({ child, base: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}
