// `atlas serve`: serves the map client, the JSON API and the vector tiles over a database. Run as the
// `atlas` program it gets here inside a Node with a heap limit (maxHeapMb), started by the relay in
// bin/serve-relay.js: V8's default limit lets a server's RSS grow far past its live heap.
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
    const { startServer } = await import('../../server/main.ts');
    const { clientWarning } = await import('../../server/static-files.ts');
    const running = await startServer(config).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        throw new CliError(`atlas serve: cannot listen on ${config.host}:${config.port} (${err.code}). Choose another --port or --host.`);
      }
      throw err;
    });
    console.log(`Gigabit Atlas serving ${config.db} at ${running.url}/`);
    if (listensEverywhere(config.host)) console.warn(exposureWarning(config));
    const noClient = clientWarning(config.clientDir);
    if (noClient) console.warn(noClient);
    await new Promise<void>((done) => {
      const stop = () => void running.stop().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  });
