// `atlas demo --serve`: builds what the demo database lacks in a child process (atlas demo --in-place,
// newest release first) and starts `atlas serve` in another as soon as the first release is
// committed, while the older releases are still being built (at a lower priority). Signals go to both children; when the
// server stops, the build stops too (the next start completes it).
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { closeWritable, openWritable } from '../common/schema.ts';
import { databaseState } from '../pipeline/demo/build.ts';

const ATLAS = fileURLToPath(new URL('../bin/atlas.js', import.meta.url));
/** How often to look whether the first release is in. */
const POLL_MS = 100;
/** The older releases' nice value while the server runs (0 is normal, 19 the lowest priority). */
const BUILDER_NICE = 10;

export interface ServeWhileBuildingOptions {
  db: string;
  scale: number;
  seed: number;
}

function atlas(args: string[]): ChildProcess {
  return spawn(process.execPath, [ATLAS, ...args], { stdio: 'inherit' });
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Resolves once the database has a committed release, or with the builder's exit code if it stops first. */
async function firstRelease(db: string, builder: ChildProcess): Promise<number | null> {
  let code: number | null = null;
  void exited(builder).then((c) => {
    code = c;
  });
  for (;;) {
    const state = databaseState(db);
    if (state.state === 'complete' || (state.state === 'incomplete' && state.releases > 0)) return null;
    if (code !== null) return databaseState(db).state === 'complete' ? null : code || 1;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Lowers the builder's priority once the newest release is in, so that on a busy or small machine
 * the server and the browser drawing the first map come before the older releases. Linux keeps a
 * nice value per thread: the builder's main thread gets it here and the reading workers it starts
 * from now on inherit it. Not allowed (some containers): the build just keeps its priority.
 */
function yieldTo(builder: ChildProcess): void {
  try {
    if (builder.pid !== undefined) setPriority(builder.pid, BUILDER_NICE);
  } catch {
    // Left at its priority.
  }
}

/** Runs the build and the server; resolves to the exit code (the server's, or the build's if it failed before serving). */
export async function serveWhileBuilding(options: ServeWhileBuildingOptions): Promise<number> {
  const { db } = options;
  const children: ChildProcess[] = [];
  let stopping = false;
  const forward = (signal: NodeJS.Signals) => () => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  let builder: ChildProcess | null = null;
  if (databaseState(db).state === 'complete') {
    // A database built by an earlier version: bring it to this schema, as the server needs it.
    closeWritable(openWritable(db));
  } else {
    builder = atlas(['demo', '--db', db, '--in-place', '--scale', String(options.scale), '--seed', String(options.seed)]);
    children.push(builder);
    const failed = await firstRelease(db, builder);
    if (failed !== null) return failed;
    yieldTo(builder);
    void exited(builder).then((code) => {
      if (code !== 0 && !stopping) console.error(`atlas demo: building the older releases failed (exit ${code}); serving what is there.`);
    });
  }
  const server = atlas(['serve', '--db', db]);
  children.push(server);
  const code = await exited(server);
  stopping = true;
  if (builder && builder.exitCode === null) builder.kill('SIGTERM');
  return code;
}
