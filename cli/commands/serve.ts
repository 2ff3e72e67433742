// `atlas serve`: serves the map client, the JSON API and the vector tiles over a database. Unless
// Node already runs with a heap limit, it starts itself again with one (maxHeapMb) and passes on
// signals and the exit code: V8's default limit lets a server's RSS grow far past its live heap.
import { spawn } from 'node:child_process';
import { CONFIG_KEYS, ConfigError, envName, flagName, loadConfig, type Config, type ConfigKey } from '../../server/config.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const KEYS = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** True for a host that listens on every interface (0.0.0.0, ::). */
export function listensEverywhere(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return /^0+(\.0+){3}$/.test(h) || (/^[0:]+$/.test(h) && h.includes('::')) || /^0(:0){7}$/.test(h);
}

function exposureWarning(config: Config): string {
  const cors = config.corsOrigin === '' ? 'no CORS headers' : `CORS origins: ${config.corsOrigin}`;
  return (
    `Warning: --host ${config.host} listens on every network interface: the map and the API are reachable from ` +
    `the network, not only from this machine (${cors}). Use --host 127.0.0.1 to keep them local, or put a reverse proxy in front.`
  );
}

function flagHelp(key: ConfigKey): string {
  const fallback = CONFIG_KEYS[key].schema.safeParse(undefined);
  const shown = fallback.success && fallback.data !== undefined ? `; default ${fallback.data}` : '';
  return `${CONFIG_KEYS[key].doc} (${envName(key)}${shown})`;
}

// Every configuration key is a flag too: --db, --port, --tile-cache-control, …
const spec: CommandSpec<Record<string, { type: 'string' }>> = {
  name: 'serve',
  usage: 'atlas serve [--db PATH] [--port N] [--host H] [options]',
  description: 'Serves the map, vector tiles and the JSON API. Every option can also come from its ATLAS_* environment variable.',
  options: Object.fromEntries(KEYS.map((k) => [flagName(k), { type: 'string' as const }])),
  help: Object.fromEntries(KEYS.map((k) => [flagName(k), flagHelp(k)])),
};

/**
 * Young-generation semi-space (MB) the server runs with: V8's default (16) keeps up to ~48 MB of
 * short-lived tile garbage resident; 8 halves that for a few more scavenges (the soak: RSS and req/s
 * in docs/performance.md#memory).
 */
export const SERVE_SEMI_SPACE_MB = 8;

/** The heap flags to start again with, or null (set already, disabled, or not run as the `atlas` program). */
function heapFlags(config: Config): string[] | null {
  if (config.maxHeapMb === 0 || process.env.ATLAS_SERVE_HEAP === String(config.maxHeapMb)) return null;
  if (process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) return null;
  // In-process callers (tests, embedders) keep their process as it is.
  if (!/atlas(\.js)?$/.test(process.argv[1] ?? '')) return null;
  return [`--max-old-space-size=${config.maxHeapMb}`, `--max-semi-space-size=${SERVE_SEMI_SPACE_MB}`];
}

/**
 * Runs this same command in a Node with the heap flags; resolves to its exit code. glibc's malloc is
 * held to 2 arenas (unless MALLOC_ARENA_MAX is set): its default of 8 per core lets the threads
 * (libuv, V8's GC helpers, the report worker) each keep freed memory resident.
 */
function relaunch(flags: string[], config: Config): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ATLAS_SERVE_HEAP: String(config.maxHeapMb) },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const flags = Object.fromEntries(KEYS.map((k) => [k, parsed.values[flagName(k)]]));
    let config: Config;
    try {
      config = loadConfig(flags);
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(err.message, 2);
      throw err;
    }
    const relaunchWith = heapFlags(config);
    if (relaunchWith) return relaunch(relaunchWith, config);
    // Loaded only here: the process that relaunches itself stays a small relay (152 MB RSS when it
    // had loaded the whole server, counted in the server's memory by anyone watching it).
    const { startServer } = await import('../../server/main.ts');
    const running = await startServer(config).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        throw new CliError(`atlas serve: cannot listen on ${config.host}:${config.port} (${err.code}). Choose another --port or --host.`);
      }
      throw err;
    });
    console.log(`Gigabit Atlas serving ${config.db} at ${running.url}/`);
    if (listensEverywhere(config.host)) console.warn(exposureWarning(config));
    await new Promise<void>((done) => {
      const stop = () => void running.stop().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  });
