// `atlas serve`: serves the map client, the JSON API and the vector tiles over a database.
import { CONFIG_KEYS, ConfigError, envName, loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

function flagHelp(key: 'db' | 'port' | 'host'): string {
  return `${CONFIG_KEYS[key].doc} (${envName(key)}; default ${CONFIG_KEYS[key].schema.parse(undefined)})`;
}

const spec = {
  name: 'serve',
  usage: 'atlas serve [--db PATH] [--port N] [--host H]',
  description: 'Serves the map, vector tiles and the JSON API. Every setting can also come from an ATLAS_* environment variable.',
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  },
  help: {
    db: flagHelp('db'),
    port: flagHelp('port'),
    host: flagHelp('host'),
  },
} satisfies CommandSpec<Record<string, { type: 'string' }>>;

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    let config;
    try {
      config = loadConfig(parsed.values);
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(err.message, 2);
      throw err;
    }
    const running = await startServer(config).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        throw new CliError(`atlas serve: cannot listen on ${config.host}:${config.port} (${err.code}). Choose another --port or --host.`);
      }
      throw err;
    });
    console.log(`Gigabit Atlas serving ${config.db} at ${running.url}/`);
    await new Promise<void>((done) => {
      const stop = () => void running.stop().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  });
