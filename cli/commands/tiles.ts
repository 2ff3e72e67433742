// `atlas tiles`: (re)builds the pre-rendered tiles of a database (cli/prerender.ts).
import { existsSync } from 'node:fs';
import { TILE_MAX_ZOOM } from '../../common/constants.ts';
import { DEFAULT_TILES_MAX_ZOOM, describePrerender, prerenderTiles } from '../prerender.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'tiles',
  usage: 'atlas tiles --db PATH [--max-zoom N] [--drop] [--json]',
  description:
    'Pre-renders the tiles a user opens first: the hexes and uncovered layers of the newest release at the\n' +
    'default threshold, z0 to --max-zoom over the loaded areas, stored gzipped in the database (atlas import\n' +
    'and atlas demo do this at their end). The server sends a stored tile when it was made for exactly the\n' +
    'request (release and its import, layer, threshold, definitions, maxTilePoints) and computes every\n' +
    'other tile on request. Replaces the stored tiles; --drop only removes them.',
  options: { db: { type: 'string' }, 'max-zoom': { type: 'string' }, drop: { type: 'boolean' }, json: { type: 'boolean' } },
  help: {
    db: 'SQLite database to write',
    'max-zoom': `deepest zoom to pre-render, 0..${TILE_MAX_ZOOM} (default ${DEFAULT_TILES_MAX_ZOOM})`,
    drop: 'remove the stored tiles and store none (every tile is computed on request)',
    json: 'print the summary as one JSON object',
  },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values } = parsed;
    if (!values.db) throw new CliError('atlas tiles: --db PATH is required.', 2);
    const text = values['max-zoom'];
    const maxZoom = text === undefined ? DEFAULT_TILES_MAX_ZOOM : Number(text);
    if (text !== undefined && (text.trim() === '' || !Number.isInteger(maxZoom) || maxZoom < 0 || maxZoom > TILE_MAX_ZOOM)) {
      throw new CliError(`atlas tiles: --max-zoom must be a whole number in 0..${TILE_MAX_ZOOM}, got '${text}'.`, 2);
    }
    if (!existsSync(values.db))
      throw new CliError(`atlas tiles: ${values.db} does not exist. Build one with \`atlas demo\` or \`atlas import\`.`, 1);
    if (values.drop && text !== undefined) throw new CliError('atlas tiles: --drop stores no tiles; leave out --max-zoom.', 2);
    const summary = prerenderTiles(values.db, { maxZoom: values.drop ? -1 : maxZoom });
    console.log(values.json ? JSON.stringify(summary) : describePrerender(summary));
    return 0;
  });
