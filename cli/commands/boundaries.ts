// `atlas boundaries`: load or replace one area level from a GeoJSON file.
import { AREA_LEVELS, type AreaLevel } from '../../common/constants.ts';
import { printable } from '../../common/printable.ts';
import { closeWritable, openWritable } from '../../common/schema.ts';
import { BoundaryError, loadBoundaries } from '../../pipeline/boundaries/index.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'boundaries',
  usage: 'atlas boundaries --db PATH --level municipality|province [options] FILE.geojson',
  description:
    'Loads the areas of one level from a GeoJSON FeatureCollection of Polygons/MultiPolygons,\n' +
    'replacing that level as a whole. Any invalid feature: nothing changes and the exit code is 1.',
  options: {
    db: { type: 'string' },
    level: { type: 'string' },
    'code-field': { type: 'string' },
    'name-field': { type: 'string' },
    'parent-field': { type: 'string' },
  },
  help: {
    db: 'SQLite database to write (created if missing)',
    level: `area level: ${AREA_LEVELS.join(' | ')}`,
    'code-field': 'property holding the area code (municipality: gemeentecode, province: provinciecode)',
    'name-field': 'property holding the area name (municipality: gemeentenaam, province: provincienaam)',
    'parent-field': "property holding the parent area's code (municipality: provinciecode; '' for none)",
  },
  positionals: true,
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

/** Defaults that fit the CBS files in data/ (gemeenten_2024.geojson, provincies_2024.geojson); any other source names its fields. */
const DEFAULT_FIELDS: Record<AreaLevel, { code: string; name: string; parent: string }> = {
  municipality: { code: 'gemeentecode', name: 'gemeentenaam', parent: 'provinciecode' },
  province: { code: 'provinciecode', name: 'provincienaam', parent: '' },
};

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (!values.db) throw new CliError('atlas boundaries: --db PATH is required.', 2);
    const level = values.level as AreaLevel | undefined;
    if (!level || !AREA_LEVELS.includes(level)) {
      throw new CliError(`atlas boundaries: --level must be one of ${AREA_LEVELS.join(', ')} (got ${values.level ?? 'nothing'}).`, 2);
    }
    if (positionals.length !== 1) throw new CliError('atlas boundaries: give exactly one GeoJSON file.', 2);
    const defaults = DEFAULT_FIELDS[level];
    const parentField = values['parent-field'] ?? defaults.parent;
    const db = openWritable(values.db);
    try {
      const result = loadBoundaries(db, {
        file: positionals[0],
        level,
        codeField: values['code-field'] ?? defaults.code,
        nameField: values['name-field'] ?? defaults.name,
        parentField: parentField === '' ? undefined : parentField,
      });
      console.log(printable(`Loaded ${result.areas} ${level} areas from ${positionals[0]} into ${values.db}.`));
      if (result.warnings.length > 0) console.warn(printable(`Warnings (loaded anyway):\n${result.warnings.join('\n')}`, true));
      return 0;
    } catch (err) {
      if (err instanceof BoundaryError) throw new CliError(err.message, 1);
      throw err;
    } finally {
      closeWritable(db);
    }
  });
