// `atlas demo`: build the synthetic demo database on the embedded real boundaries: the Dutch one
// (default), or with --country us FCC BDC files over the real US counties (pipeline/demo/us-build.ts).
import { resolve } from 'node:path';
import { progressPrinter } from '../progress.ts';
// Only what parsing the options needs is loaded here: the builders (generator, import, tiles) are
// imported when a build runs, so that `npm start` (--serve) starts its build and server sooner.
import type { DemoProgress, DemoSummary } from '../../pipeline/demo/build.ts';
import { databaseState } from '../../pipeline/demo/database-state.ts';
import {
  DEFAULT_DEMO_DB,
  DEFAULT_DEMO_SCALE,
  DEFAULT_DEMO_SEED,
  DEFAULT_US_DEMO_DB,
  DEFAULT_US_DEMO_SCALE,
  DEFAULT_US_STATES,
} from '../../pipeline/demo/defaults.ts';
import type { UsDemoSummary } from '../../pipeline/demo/us-build.ts';
import { STATE_USPS } from '../../pipeline/demo/us-states.ts';
import { serveWhileBuilding } from '../serve-while-building.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'demo',
  usage: 'atlas demo [--country nl|us] [--states 06,41] [--db PATH] [--scale F] [--seed N] [--if-missing] [--in-place] [--serve]',
  description:
    'Builds the demo database: real 2024 municipality and province boundaries (CBS/Kadaster) with\n' +
    'synthetic addresses, fictional providers and yearly releases 2021-12 .. 2024-12, all marked synthetic,\n' +
    'loaded as real data is: a BAG-format register per release date and per-operator coverage lists.\n' +
    'Releases are built newest first. An existing database at PATH is replaced once the new one is complete,\n' +
    'unless --in-place builds at PATH itself, where each release is visible once committed and the older\n' +
    'ones are listed as pending until they are in. --serve (what `npm start` runs) serves the map as soon\n' +
    'as the newest release is in, while the older ones are built.\n' +
    '--country us builds the US demo instead: seeded synthetic FCC BDC fixed availability files (fictional\n' +
    'providers, one file per state and technology, some zipped) over the real us-atlas counties of --states,\n' +
    'imported through the BDC import path as releases J23 and J24, with the FCC tiers 25/3, 100/20, 1000/100.',
  options: {
    country: { type: 'string' },
    states: { type: 'string' },
    db: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    'if-missing': { type: 'boolean' },
    'in-place': { type: 'boolean' },
    serve: { type: 'boolean' },
  },
  help: {
    country: 'nl (default): the Dutch demo; us: the US demo in the FCC BDC format',
    states: `with --country us: 2-digit state FIPS codes, comma-separated (default ${DEFAULT_US_STATES.join(',')}: California, Oregon)`,
    db: `database to build (default ${DEFAULT_DEMO_DB}; with --country us ${DEFAULT_US_DEMO_DB})`,
    scale: `nl: share of the ~8.1 M dwellings, us: of ~3000 locations per county; in (0, 10] (default ${DEFAULT_DEMO_SCALE}; us ${DEFAULT_US_DEMO_SCALE})`,
    seed: `random seed; the same seed gives the same data (default ${DEFAULT_DEMO_SEED})`,
    'if-missing': 'do nothing when PATH already holds a complete database; complete one with pending releases',
    'in-place': 'build at PATH itself, committing each release on its own; completes an interrupted in-place build',
    serve: 'build what is missing in place and run `atlas serve --db PATH` once the newest release is in',
  },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

function numberOption(name: string, text: string | undefined, fallback: number, valid: (n: number) => boolean, allowed: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !valid(value)) throw new CliError(`atlas demo: --${name} must be ${allowed}, got '${text}'.`, 2);
  return value;
}

/** Step lines on stderr, with the import's own progress bar for the row counts. */
function demoProgress(): (p: DemoProgress) => void {
  let lastStep = '';
  let lastGenerate = 0;
  let importBar = progressPrinter();
  return (p) => {
    const label = p.step === 'import' || p.step === 'register' ? `${p.step} ${p.release}` : p.step;
    if (label !== lastStep) {
      lastStep = label;
      importBar = progressPrinter();
      process.stderr.write(`demo: ${p.message}\n`);
    }
    if (p.step === 'generate' && p.progress.municipalitiesDone > 0) {
      const now = Date.now();
      const done = p.progress.municipalitiesDone === p.progress.municipalities;
      if (!done && now - lastGenerate < (process.stderr.isTTY ? 200 : 5000)) return;
      lastGenerate = now;
      const line =
        `demo: generated ${p.progress.municipalitiesDone}/${p.progress.municipalities} municipalities, ` +
        `${p.progress.rows.toLocaleString('en')} rows`;
      process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K${done ? '\n' : ''}` : `${line}\n`);
    }
    if ((p.step === 'import' || p.step === 'register') && p.progress.bytesTotal > 0) importBar(p.progress);
  };
}

function describe(s: DemoSummary): string {
  const lines = [
    `Demo database ${s.db}: ${s.municipalities} municipalities, ${s.provinces} provinces, scale ${s.scale}, seed ${s.seed}, built in ${s.seconds.toFixed(1)} s.`,
    'Synthetic data: generated addresses and fictional providers on real CBS/Kadaster 2024 boundaries.',
    ...s.releases.map(
      (r) =>
        `  ${r.release} (as of ${r.as_of}): ${r.addresses} addresses, ` +
        `${((100 * r.covered) / Math.max(1, r.addresses)).toFixed(2)}% gigabit, ${r.uncovered} without; over register ${r.register}: ` +
        `${r.matched_rows} coverage rows matched, ${r.unmatched_rows} unmatched, ${r.ambiguous_rows} ambiguous, in ${r.seconds} s`,
    ),
  ];
  return lines.join('\n');
}

function describeUs(s: UsDemoSummary): string {
  const pct = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;
  return [
    `US demo database ${s.db}: ${s.counties} counties in ${s.states.map((st) => `${st.name} (${st.usps})`).join(', ')}, ` +
      `scale ${s.scale}, seed ${s.seed}, built in ${s.seconds.toFixed(1)} s.`,
    'Synthetic data: generated locations and fictional providers in the FCC BDC format on real us-atlas (Census) counties.',
    ...s.releases.map(
      (r) =>
        `  ${r.release} (as of ${r.import.as_of}): ${r.files.length} BDC files, ${r.rows} rows, ${r.import.addresses} locations, ` +
        `${pct(r.import.covered, r.import.addresses)} served (>= 100/20 Mbit/s, the goal), imported in ${r.import.seconds} s`,
    ),
    ...(s.filesDir ? [`BDC files kept in ${s.filesDir}.`] : []),
  ].join('\n');
}

/** --states: distinct 2-digit state FIPS codes us-atlas has. */
function stateCodes(text: string | undefined): string[] {
  if (text === undefined) return [...DEFAULT_US_STATES];
  const codes = text.split(',').map((c) => c.trim());
  const bad = codes.filter((c) => !STATE_USPS[c]);
  if (codes.length === 0 || bad.length > 0) {
    throw new CliError(
      `atlas demo: --states takes 2-digit state FIPS codes separated by commas (e.g. 06,41); not one: '${bad.join("', '")}'.`,
      2,
    );
  }
  return [...new Set(codes)];
}

async function buildUs(values: Record<string, string | boolean | undefined>, scale: number, seed: number): Promise<number> {
  for (const flag of ['in-place', 'serve'] as const) {
    if (values[flag]) throw new CliError(`atlas demo: --${flag} is for the Dutch demo; the US demo is always built whole.`, 2);
  }
  const states = stateCodes(values.states as string | undefined);
  const db = resolve((values.db as string | undefined) ?? DEFAULT_US_DEMO_DB);
  if (values['if-missing'] && databaseState(db).state === 'complete') {
    console.log(`Demo database ${db} already has releases; nothing to do (drop --if-missing to rebuild it).`);
    return 0;
  }
  let importBar = progressPrinter();
  let step = '';
  const [{ buildUsDemo }, { prerenderAfter }] = await Promise.all([import('../../pipeline/demo/us-build.ts'), import('../prerender.ts')]);
  const summary = buildUsDemo({
    db,
    states,
    scale,
    seed,
    onProgress: (p) => {
      const label = p.step === 'import' ? `import ${p.release}` : p.step;
      if (label !== step) {
        step = label;
        importBar = progressPrinter();
        process.stderr.write(`demo: ${p.message}\n`);
      }
      if (p.step === 'import' && p.progress.bytesTotal > 0) importBar(p.progress);
    },
  });
  console.log(describeUs(summary));
  prerenderAfter('demo', db);
  return 0;
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values } = parsed;
    const country = values.country ?? 'nl';
    if (country !== 'nl' && country !== 'us') throw new CliError(`atlas demo: --country must be nl or us, got '${country}'.`, 2);
    if (country === 'nl' && values.states !== undefined) throw new CliError('atlas demo: --states goes with --country us.', 2);
    const scale = numberOption(
      'scale',
      values.scale,
      country === 'us' ? DEFAULT_US_DEMO_SCALE : DEFAULT_DEMO_SCALE,
      (n) => n > 0 && n <= 10,
      'a number in (0, 10]',
    );
    const seed = numberOption(
      'seed',
      values.seed,
      DEFAULT_DEMO_SEED,
      (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
      'an integer in [0, 2^32)',
    );
    if (country === 'us') return buildUs(values, scale, seed);
    const db = resolve(values.db ?? DEFAULT_DEMO_DB);
    if (values.serve) return serveWhileBuilding({ db, scale, seed });
    const state = databaseState(db);
    if (values['if-missing'] && state.state === 'complete') {
      console.log(`Demo database ${db} already has releases; nothing to do (drop --if-missing to rebuild it).`);
      return 0;
    }
    // An interrupted in-place build is completed, never thrown away, when only what is missing is asked for.
    const inPlace = values['in-place'] || (values['if-missing'] && state.state === 'incomplete');
    if (inPlace && state.state === 'incomplete') {
      process.stderr.write(`demo: completing ${db}: ${state.pending.join(', ')} still to build\n`);
    }
    const onRelease = (release: string, pending: string[]) =>
      process.stderr.write(`demo: release ${release} committed${pending.length ? `; still to build: ${pending.join(', ')}` : ''}\n`);
    const [{ buildDemo }, { prerenderAfter }] = await Promise.all([import('../../pipeline/demo/build.ts'), import('../prerender.ts')]);
    console.log(describe(await buildDemo({ db, scale, seed, inPlace, onProgress: demoProgress(), onRelease })));
    prerenderAfter('demo', db);
    return 0;
  });
