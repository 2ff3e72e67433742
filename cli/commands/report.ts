// `atlas report`: the area report PDF of one area, or of every area of the address level, from a database
// opened read-only (the same store and figures as the API).
import { creditsFor } from '../../common/attribution.ts';
import { goalTarget } from '../../common/definitions.ts';
import { loadConfig } from '../../server/config.ts';
import { NotFound } from '../../server/store/errors.ts';
import { writeAllReports, writeAreaReport, type BatchOptions, type BatchProgress } from '../../server/report/batch.ts';
import { REPORT_LANGS, type ReportLang } from '../../server/report/model.ts';
import { openStore } from '../../server/store/index.ts';
import { choice as choiceOf, CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'report',
  usage: 'atlas report --db PATH (--area CODE --out FILE.pdf | --all --out DIR) [options]',
  description:
    'Writes the A4 PDF area report: of one area (any level, e.g. municipality or province, county or state), or of every area of the level addresses belong to (municipality in NL, county in the US) into a directory.',
  options: {
    db: { type: 'string' },
    area: { type: 'string' },
    all: { type: 'boolean' },
    out: { type: 'string' },
    release: { type: 'string' },
    lang: { type: 'string', default: 'nl' },
    down: { type: 'string' },
    up: { type: 'string' },
    attribution: { type: 'string' },
  },
  help: {
    db: 'SQLite database (opened read-only)',
    area: 'area code, e.g. GM0363 or PV27 (NL), 06037 or 06 (US)',
    all: 'one report per area of the address level (municipality, county), written to --out DIR as CODE.pdf',
    out: 'output file (with --area) or directory (with --all)',
    release: 'release label; default the newest',
    lang: `report language: ${REPORT_LANGS.join(' | ')}; default nl`,
    down: "download threshold (Mbit/s) that counts as covered, one of the database's (atlas init; NL: 30 | 100 | 1000); default the goal's",
    up: "optional upload threshold (Mbit/s), one of the database's (NL: 10 | 50 | 100 | 1000); without --down, the goal's",
    attribution:
      'credits of the boundaries, separated by `;`; default $ATLAS_ATTRIBUTION, else those stored with the boundaries, else the CBS/Kadaster credit',
  },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean'; default?: string }>>;

const choice = <T extends string | number>(flag: string, value: string, allowed: readonly T[]) => choiceOf('report', flag, value, allowed);

/** The flag, else the same ATLAS_ATTRIBUTION variable `atlas serve` reads, else the credits stored with the boundaries. */
function attribution(flag: string | undefined, stored: string[]): string[] {
  return creditsFor(flag ?? process.env.ATLAS_ATTRIBUTION, stored);
}

function goalOfEnvironment(): { year: number; pct: number } {
  const { goalYear, goalPct } = loadConfig({}, process.env);
  return { year: goalYear, pct: goalPct };
}

/** A redrawn line on a terminal; otherwise a line per tenth of the work, so logs stay short. */
function progress(started: number): (p: BatchProgress) => void {
  const tty = Boolean(process.stderr.isTTY);
  return (p) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `report: ${p.done}/${p.total} ${p.code} (${seconds}s)`;
    if (tty) process.stderr.write(`\r${line}\x1b[K${p.done === p.total ? '\n' : ''}`);
    else if (p.done === p.total || p.done % Math.max(1, Math.round(p.total / 10)) === 0) process.stderr.write(`${line}\n`);
  };
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const v = parsed.values;
    if (!v.db || !v.out || Boolean(v.area) === Boolean(v.all)) {
      throw new CliError('atlas report: give --db, --out and either --area CODE or --all. See `atlas report --help`.', 2);
    }
    const store = openStore(v.db);
    const definitions = store.definitions();
    const options: BatchOptions = {
      release: v.release,
      // Thresholds are the database's; no flags: its goal (e.g. 100/20 in a database with the FCC's tiers).
      threshold: {
        down: v.down === undefined ? definitions.goal.down : choice('down', v.down, definitions.down),
        up: v.up !== undefined ? choice('up', v.up, definitions.up) : v.down === undefined ? definitions.goal.up : null,
        fixed_only: false,
      },
      lang: choice<ReportLang>('lang', v.lang, REPORT_LANGS),
      attribution: attribution(v.attribution, store.areas.credits()),
      // The goal `atlas serve` measures against: the database's (atlas init), else the goalYear and goalPct settings (ATLAS_GOAL_YEAR, ATLAS_GOAL_PCT).
      goal: goalTarget(definitions, goalOfEnvironment()),
    };
    const started = Date.now();
    try {
      if (v.area) {
        const bytes = await writeAreaReport(store, v.area, v.out, options);
        console.log(`Wrote ${v.out} (${Math.round(bytes / 1024)} KiB) in ${((Date.now() - started) / 1000).toFixed(2)} s.`);
      } else {
        const files = await writeAllReports(store, v.out, options, progress(started));
        console.log(`Wrote ${files.length} reports into ${v.out} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
      return 0;
    } catch (err) {
      // Unknown area or release: the store's NotFound message names the known values.
      if (err instanceof NotFound) throw new CliError(`atlas report: ${err.message}`);
      throw err;
    } finally {
      store.close();
    }
  });
