// `atlas init`: set a new database's coverage definitions (thresholds, goal, technologies).
import { DEFAULT_DEFINITIONS, pairLabel, readDefinitions, type CoverageTier } from '../../common/definitions.ts';
import { printable } from '../../common/printable.ts';
import { closeWritable, openWritable } from '../../common/schema.ts';
import { InitError, storeDefinitions } from '../../pipeline/init/index.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'init',
  usage:
    'atlas init --db PATH [--down 25,100,1000] [--up 3,20,100] [--goal-down 100 --goal-up 20] [--goal-year 2030 --goal-pct 100] [--technologies LIST] [--tiers NAME=DOWN/UP,...] [--ramp 50,80,90,95,99,100]',
  description:
    "Sets a database's coverage definitions when it is created: the download and upload thresholds\n" +
    '(Mbit/s) coverage may be asked at, the goal and the technologies in use. Creates the database if\n' +
    'missing; refused (exit 1) once it holds a release. A database made without init has the Dutch defaults.',
  options: {
    db: { type: 'string' },
    down: { type: 'string' },
    up: { type: 'string' },
    'goal-down': { type: 'string' },
    'goal-up': { type: 'string' },
    'goal-year': { type: 'string' },
    'goal-pct': { type: 'string' },
    technologies: { type: 'string' },
    tiers: { type: 'string' },
    ramp: { type: 'string' },
  },
  help: {
    db: 'SQLite database to set up (created if missing)',
    down: `download thresholds, ascending (default ${DEFAULT_DEFINITIONS.down.join(',')})`,
    up: `upload thresholds, ascending (default ${DEFAULT_DEFINITIONS.up.join(',')})`,
    'goal-down': `download the goal asks for, one of --down (default ${DEFAULT_DEFINITIONS.goal.down}, else the highest)`,
    'goal-up': 'upload the goal asks for as well, one of --up (default none)',
    'goal-year': `year of the goal (default ${DEFAULT_DEFINITIONS.goal.year})`,
    'goal-pct': `share of addresses (%) the goal asks to be covered (default ${DEFAULT_DEFINITIONS.goal.covered_pct})`,
    technologies: `technology codes in use, comma-separated (default all: ${DEFAULT_DEFINITIONS.technologies.join(',')})`,
    tiers: 'named (down, up) pairs the map offers first, e.g. underserved=25/3,served=100/20,gigabit=1000/100 (UP may be left out)',
    ramp: 'the map colour classes: covered-% bounds above 0, rising, at most 7 (default 80,90,95,98,99.5,100)',
  },
  positionals: false,
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

function numbers(flag: string, value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const parsed = parts.map((s) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN));
  const bad = parts.find((_, i) => Number.isNaN(parsed[i]));
  if (bad !== undefined) throw new CliError(`atlas init: --${flag} takes numbers separated by commas; '${printable(bad)}' is not one.`, 2);
  return parsed;
}

function one(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const [n, ...rest] = numbers(flag, value);
  if (rest.length > 0) throw new CliError(`atlas init: --${flag} takes one number (got '${printable(value)}').`, 2);
  return n;
}

/** `name=down/up,...` (up optional) as tiers; the thresholds are checked with the rest. */
function tiers(value: string): CoverageTier[] {
  return value.split(',').map((part) => {
    const match = /^\s*([^=]+?)\s*=\s*(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?\s*$/.exec(part);
    if (!match) throw new CliError(`atlas init: --tiers takes NAME=DOWN/UP pairs separated by commas; '${printable(part)}' is not one.`, 2);
    return { name: match[1], down: Number(match[2]), up: match[3] === undefined ? null : Number(match[3]) };
  });
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values } = parsed;
    if (!values.db) throw new CliError('atlas init: --db PATH is required.', 2);
    const down = values.down === undefined ? DEFAULT_DEFINITIONS.down : numbers('down', values.down);
    const up = values.up === undefined ? DEFAULT_DEFINITIONS.up : numbers('up', values.up);
    const goalDown =
      one('goal-down', values['goal-down']) ??
      (down.includes(DEFAULT_DEFINITIONS.goal.down) ? DEFAULT_DEFINITIONS.goal.down : down.at(-1)!);
    const definitions = {
      down,
      up,
      goal: {
        down: goalDown,
        up: one('goal-up', values['goal-up']) ?? null,
        year: one('goal-year', values['goal-year']) ?? DEFAULT_DEFINITIONS.goal.year,
        covered_pct: one('goal-pct', values['goal-pct']) ?? DEFAULT_DEFINITIONS.goal.covered_pct,
      },
      technologies:
        values.technologies === undefined
          ? DEFAULT_DEFINITIONS.technologies
          : values.technologies.split(',').map((t) => t.trim().toUpperCase()),
      tiers: values.tiers === undefined ? [] : tiers(values.tiers),
      ...(values.ramp === undefined ? {} : { ramp: numbers('ramp', values.ramp) }),
    };
    const db = openWritable(values.db);
    try {
      storeDefinitions(db, definitions);
      const d = readDefinitions(db);
      const goal = `>= ${d.goal.down}${d.goal.up === null ? '' : `/${d.goal.up}`} Mbit/s for ${d.goal.covered_pct} % by ${d.goal.year}`;
      console.log(
        printable(
          `Coverage definitions of ${values.db}: down ${d.down.join(', ')} Mbit/s; up ${d.up.join(', ')} Mbit/s; goal ${goal}; ` +
            `technologies ${d.technologies.join(', ')}` +
            (d.tiers.length ? `; tiers ${d.tiers.map((t) => pairLabel(d, t.down, t.up)).join(', ')}` : '') +
            `; colour classes from ${d.ramp.join(', ')} % covered.`,
        ),
      );
      return 0;
    } catch (err) {
      if (err instanceof InitError) throw new CliError(`atlas init: ${err.message} Nothing was changed.`, 1);
      throw err;
    } finally {
      closeWritable(db);
    }
  });
