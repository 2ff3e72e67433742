// `atlas boundaries`: load or replace one area level from a GeoJSON, TopoJSON or Shapefile boundary file.
import { AREA_LEVELS } from '../../common/constants.ts';
import { levelNameProblem } from '../../common/levels.ts';
import { printable } from '../../common/printable.ts';
import { closeWritable, openWritable } from '../../common/schema.ts';
import { BoundaryError, loadBoundaries, readBoundaries } from '../../pipeline/boundaries/index.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'boundaries',
  usage: 'atlas boundaries --db PATH --level NAME [options] FILE',
  description:
    'Loads the areas of one level (any name: municipality, province, county, state, …) from a GeoJSON\n' +
    'FeatureCollection, a TopoJSON object or a Shapefile (zipped, or a .shp with its .dbf beside it) of\n' +
    'Polygons/MultiPolygons, told apart by content; replaces that level as a whole. Any invalid feature:\n' +
    'nothing changes and the exit code is 1.',
  options: {
    db: { type: 'string' },
    level: { type: 'string' },
    object: { type: 'string' },
    'code-field': { type: 'string' },
    'name-field': { type: 'string' },
    'parent-field': { type: 'string' },
    'parent-from-code': { type: 'string' },
    'allow-duplicate-names': { type: 'boolean' },
    attribution: { type: 'string' },
  },
  help: {
    db: 'SQLite database to write (created if missing)',
    level: `area level: a lower-case name, e.g. ${AREA_LEVELS.join(' | ')} | county | state`,
    object: 'the TopoJSON object, or the Shapefile in a zip, to read (needed when there are several)',
    'code-field': "property holding the area code; 'id' falls back to the feature id (default: see docs/cli.md)",
    'name-field': 'property holding the area name (municipality: gemeentenaam, province: provincienaam, else name)',
    'parent-field': "property holding the parent area's code (municipality: provinciecode; '' for none)",
    'parent-from-code': "the parent's code is the first N characters of the code (US county 06037 -> state 06)",
    'allow-duplicate-names': 'names may repeat within one parent too (warned): codes tell the areas apart',
    attribution: "who the boundaries are from (credits separated by ';'), shown on the map, reports and exports",
  },
  positionals: true,
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

/**
 * Defaults that fit the CBS files in data/ (gemeenten_2024.geojson, provincies_2024.geojson); any
 * other level reads its code from `id` (a property, or else the feature id) and its name from `name`.
 */
const DEFAULT_FIELDS: Record<string, { code: string; name: string; parent: string }> = {
  municipality: { code: 'gemeentecode', name: 'gemeentenaam', parent: 'provinciecode' },
  province: { code: 'provinciecode', name: 'provincienaam', parent: '' },
};
const OTHER_LEVEL_FIELDS = { code: 'id', name: 'name', parent: '' };

function prefixLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 63)) throw new CliError(`atlas boundaries: --parent-from-code must be a whole number 1..63 (got '${value}').`, 2);
  return n;
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (!values.db) throw new CliError('atlas boundaries: --db PATH is required.', 2);
    const level = values.level;
    if (!level) throw new CliError(`atlas boundaries: --level NAME is required (e.g. ${AREA_LEVELS.join(', ')}, county, state).`, 2);
    const badLevel = levelNameProblem(level);
    if (badLevel) throw new CliError(`atlas boundaries: --level: ${badLevel}.`, 2);
    if (positionals.length !== 1) throw new CliError('atlas boundaries: give exactly one boundary file.', 2);
    const parentFromCode = prefixLength(values['parent-from-code']);
    if (parentFromCode !== undefined && values['parent-field'])
      throw new CliError('atlas boundaries: give --parent-field or --parent-from-code, not both.', 2);
    const defaults = DEFAULT_FIELDS[level] ?? OTHER_LEVEL_FIELDS;
    const parentField = values['parent-field'] ?? defaults.parent;
    const file = positionals[0];
    const db = openWritable(values.db);
    try {
      const source = await readBoundaries(file, values.object);
      const result = loadBoundaries(db, {
        file,
        level,
        source,
        codeField: values['code-field'] ?? defaults.code,
        nameField: values['name-field'] ?? defaults.name,
        parentField: parentField === '' || parentFromCode !== undefined ? undefined : parentField,
        parentFromCode,
        allowDuplicateNames: values['allow-duplicate-names'] ?? false,
        attribution: values.attribution,
      });
      const from = source.object ? `${source.format} ${source.object} in ${file}` : file;
      console.log(printable(`Loaded ${result.areas} ${level} areas from ${from} into ${values.db}.`));
      if (result.warnings.length > 0) console.warn(printable(`Warnings (loaded anyway):\n${result.warnings.join('\n')}`, true));
      return 0;
    } catch (err) {
      if (err instanceof BoundaryError) throw new CliError(err.message, 1);
      throw err;
    } finally {
      closeWritable(db);
    }
  });
