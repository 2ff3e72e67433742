// `atlas serve`'s relay, in plain JavaScript so that it loads neither tsx nor the CLI: it starts the
// server in a Node with a heap limit and passes on signals and the exit code, as a ~40 MB process
// (80 MB with tsx and the config loaded, 152 MB with the server; the soak counts it in the server's RSS).

/** Default of `maxHeapMb` (server/config.ts; test/server/serve-command.http.test.ts checks they agree). */
export const DEFAULT_MAX_HEAP_MB = 320;

/**
 * Young-generation semi-space (MB) the server runs with: V8's default (16) keeps up to ~48 MB of
 * short-lived tile garbage resident; 8 halves that for a few more scavenges (docs/performance.md#memory).
 */
export const SEMI_SPACE_MB = 8;

/** The heap limit `atlas serve ARGS` asks for (flag, then ATLAS_MAX_HEAP_MB, then the default), or null when unclear. */
function heapMb(args, env) {
  let value;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--max-heap-mb') value = args[i + 1];
    else if (args[i].startsWith('--max-heap-mb=')) value = args[i].slice('--max-heap-mb='.length);
  }
  value ??= env.ATLAS_MAX_HEAP_MB || String(DEFAULT_MAX_HEAP_MB);
  // Anything but a plain whole number is left to the CLI, which explains what is wrong with it.
  return /^\d+$/.test(value ?? '') ? Number(value) : null;
}

/**
 * Runs `atlas serve ARGS` in a child Node with the heap flags and resolves to its exit code, or
 * resolves to null when this process should serve itself: it is that child already, it runs with
 * its own heap flag, the limit is 0 (Node's default) or unclear, or help was asked for. glibc's
 * malloc is held to 2 arenas unless MALLOC_ARENA_MAX is set: its default of 8 per core lets the
 * threads (libuv, V8's GC helpers, the report worker) each keep freed memory resident.
 */
export async function relayServe(entry, args, env = process.env) {
  if (env.ATLAS_SERVE_HEAP !== undefined || process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) return null;
  if (args.includes('--help') || args.includes('-h')) return null;
  const mb = heapMb(args, env);
  if (!mb) return null;
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${mb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, entry, 'serve', ...args],
    { stdio: 'inherit', env: { MALLOC_ARENA_MAX: '2', ...env, ATLAS_SERVE_HEAP: String(mb) } },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}
