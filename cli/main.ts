// The `atlas` command line: one module per command under cli/commands/, loaded on demand.
import type { Command } from './commands/command.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  init: { summary: "set a new database's coverage definitions (thresholds, goal)", load: () => import('./commands/init.ts') },
  boundaries: {
    summary: 'load or replace an area level from a GeoJSON, TopoJSON or Shapefile file',
    load: () => import('./commands/boundaries.ts'),
  },
  register: { summary: 'load an address register (BAG dump) as the denominator', load: () => import('./commands/register.ts') },
  registers: { summary: 'list the address registers in a database', load: () => import('./commands/registers.ts') },
  import: { summary: 'import connection CSV files or coverage lists as a release', load: () => import('./commands/import.ts') },
  releases: { summary: 'list the releases in a database', load: () => import('./commands/releases.ts') },
  migrate: { summary: 'upgrade a database to the current schema', load: () => import('./commands/migrate.ts') },
  demo: { summary: 'build the synthetic demo database on real boundaries', load: () => import('./commands/demo.ts') },
  serve: { summary: 'serve the map, vector tiles and the JSON API', load: () => import('./commands/serve.ts') },
  report: { summary: 'write PDF reports for one area or every area of the address level', load: () => import('./commands/report.ts') },
  tiles: { summary: 'pre-render the default tiles of the newest release into the database', load: () => import('./commands/tiles.ts') },
  export: { summary: 'write a release as a GeoPackage or a PMTiles archive', load: () => import('./commands/export.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: atlas <command> [options]', '', 'Commands:', ...lines, '', 'Run `atlas <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`atlas: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  const { command } = await entry.load();
  return command(rest);
}
