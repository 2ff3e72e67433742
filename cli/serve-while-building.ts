// `atlas demo --serve`: builds what the demo database lacks in a child process (atlas demo --in-place,
// newest release first) and starts `atlas serve` in another while the newest release is built,
// announcing it once that release is committed; the older releases are built after it (at a lower
// priority). Signals go to both children; when the server stops, the build stops too (the next
// start completes it).
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { closeWritable, openWritable } from '../common/schema.ts';
import { databaseState } from '../pipeline/demo/database-state.ts';

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

/** `output: 'held'`: the child's stdout is piped, for heldOutput. */
function atlas(args: string[], output: 'inherit' | 'held' = 'inherit'): ChildProcess {
  return spawn(process.execPath, [ATLAS, ...args], { stdio: ['inherit', output === 'held' ? 'pipe' : 'inherit', 'inherit'] });
}

/** Holds back a child's stdout until released, then passes it on as it comes. */
function heldOutput(child: ChildProcess): { release(): void } {
  const held: Buffer[] = [];
  let holding = true;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (holding) held.push(chunk);
    else process.stdout.write(chunk);
  });
  return {
    release() {
      if (!holding) return;
      holding = false;
      for (const chunk of held.splice(0)) process.stdout.write(chunk);
    },
  };
}

type State = ReturnType<typeof databaseState>;

/**
 * Resolves with null once the database is `ready`, or with the builder's exit code (1 for a clean exit
 * or a signal) if it stops first, unless the database is `readyAfterExit` by then.
 */
async function untilState(db: string, builder: ChildProcess, ready: (s: State) => boolean, readyAfterExit = ready): Promise<number | null> {
  for (;;) {
    if (ready(databaseState(db))) return null;
    if (builder.exitCode !== null || builder.signalCode !== null) return readyAfterExit(databaseState(db)) ? null : builder.exitCode || 1;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Resolves once the build has started the database (boundaries in, releases announced), or with the builder's exit code if it stops first. */
const databaseStarted = (db: string, builder: ChildProcess) => untilState(db, builder, (s) => s.state !== 'missing');

/** Resolves once the database has a committed release, or with the builder's exit code if it stops first. */
const firstRelease = (db: string, builder: ChildProcess) =>
  untilState(
    db,
    builder,
    (s) => s.state === 'complete' || (s.state === 'incomplete' && s.releases > 0),
    (s) => s.state === 'complete',
  );

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
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
  let server: ChildProcess;
  if (databaseState(db).state === 'complete') {
    // A database built by an earlier version: bring it to this schema, as the server needs it.
    closeWritable(openWritable(db));
    server = atlas(['serve', '--db', db]);
    children.push(server);
  } else {
    builder = atlas(['demo', '--db', db, '--in-place', '--scale', String(options.scale), '--seed', String(options.seed)]);
    children.push(builder);
    const notStarted = await databaseStarted(db, builder);
    if (notStarted !== null) return notStarted;
    // The server starts while the newest release is built (its start-up on the core the generator
    // leaves free) and follows the commit (PRAGMA data_version); its 'serving … at' line is held
    // back until that release is in, so the address is given out with a map to show.
    server = atlas(['serve', '--db', db], 'held');
    children.push(server);
    const output = heldOutput(server);
    const first = await Promise.race([
      firstRelease(db, builder).then((code) => ({ build: code })),
      exited(server).then((code) => ({ server: code })),
    ]);
    output.release();
    if ('server' in first) {
      // The server could not start (a port in use, say): stop the build too; the next start completes it.
      stopping = true;
      if (builder.exitCode === null) builder.kill('SIGTERM');
      return first.server;
    }
    if (first.build !== null) {
      stopping = true;
      if (server.exitCode === null) server.kill('SIGTERM');
      await exited(server);
      return first.build;
    }
    yieldTo(builder);
    void exited(builder).then((code) => {
      if (code !== 0 && !stopping) console.error(`atlas demo: building the older releases failed (exit ${code}); serving what is there.`);
    });
  }
  const code = await exited(server);
  stopping = true;
  if (builder && builder.exitCode === null) builder.kill('SIGTERM');
  return code;
}
