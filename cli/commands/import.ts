// `atlas import`: import connection CSV files as one release.
import { goalLabel, readDefinitions } from '../../common/definitions.ts';
import { printable } from '../../common/printable.ts';
import { closeWritable, openWritable } from '../../common/schema.ts';
import type { ImportSummary } from '../../common/types.ts';
import { DEFAULT_MAX_REJECT_SHARE, ImportError, importRelease } from '../../pipeline/import/index.ts';
import { checkpointInWorker } from '../checkpoint.ts';
import { prerenderAfter } from '../prerender.ts';
import { progressPrinter } from '../progress.ts';
import { encodingOption } from './register.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'import',
  usage:
    'atlas import --db PATH --release LABEL [--register LABEL] [--match-report PATH] [--as-of YYYY-MM-DD] [--rejects PATH] [--max-rejects PCT] [--allow-rejects] [--residential-only] [--synthetic] [--json] FILE...',
  description:
    'Imports connection CSV files (docs/input-formats.md) as release LABEL, replacing a release of that\n' +
    'label. With --register, the files are coverage lists (address_id, or postcode + house_number\n' +
    '[+ house_letter + house_number_suffix], and the offer) joined to that address register: every register\n' +
    'address is an address of the release, uncovered without a matched offer. .csv, .csv.gz, .csv.zst or .zip.\n' +
    'FCC BDC fixed availability files are recognised by their header (locations at their H3 cell centre).\n' +
    'All or nothing: exit 0 when the release was committed, 1 when nothing changed. Refused (exit 1) when no\n' +
    'row is accepted, or when more than --max-rejects % of the rows are rejected unless --allow-rejects.',
  options: {
    db: { type: 'string' },
    release: { type: 'string' },
    'as-of': { type: 'string' },
    register: { type: 'string' },
    'match-report': { type: 'string' },
    rejects: { type: 'string' },
    encoding: { type: 'string' },
    columns: { type: 'string' },
    'max-rejects': { type: 'string' },
    'allow-rejects': { type: 'boolean' },
    'residential-only': { type: 'boolean' },
    synthetic: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: {
    db: 'SQLite database with boundaries loaded (atlas boundaries)',
    release: 'release label, e.g. 2024-12',
    'as-of': 'date the data describes, YYYY-MM-DD',
    register: 'join coverage lists to this address register (atlas register)',
    'match-report': 'with --register: write unmatched and ambiguous rows (file, line, reason, row) to this CSV',
    rejects: 'write rejected rows (file, line, field, reason, row) to this CSV',
    encoding: 'text encoding of the files: utf-8 or windows-1252 (default utf-8)',
    columns: 'read other headers: NAME=HEADER,… e.g. house_number=hnr,max_down_mbps=down',
    'max-rejects': `refuse the import when more than PCT % of the rows are rejected (default ${DEFAULT_MAX_REJECT_SHARE * 100})`,
    'allow-rejects': 'import the accepted rows however many are rejected (at least one must be accepted)',
    'residential-only': "FCC BDC files: leave out business-only locations (the FCC's residential figures)",
    synthetic: 'mark the release as generated data, never real',
    json: 'print the summary as one JSON object on the last line of stdout',
  },
  positionals: true,
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

/** `goal`: what covered means, the database's goal (goalLabel), e.g. "≥ 100/20 Mbit/s (served)". */
function describe(s: ImportSummary, goal: string): string {
  const lines = [
    `Release ${s.release}${s.as_of ? ` (as of ${s.as_of})` : ''}${s.synthetic ? ', synthetic' : ''}: committed in ${s.seconds} s.`,
    `Rows: ${s.rows_read} read = ${s.rows_accepted} accepted + ${s.rows_rejected} rejected${s.rows_skipped !== undefined ? ` + ${s.rows_skipped} skipped` : ''} (${s.lines_read} lines read).`,
    `Addresses: ${s.addresses}; covered at the goal ${goal}: ${s.covered}; uncovered: ${s.uncovered}.`,
  ];
  if (s.register !== undefined) {
    lines.splice(
      2,
      0,
      `Joined to register ${s.register}: ${s.matched_rows} rows matched, ${s.unmatched_rows} unmatched, ` +
        `${s.ambiguous_rows} ambiguous; ${s.addresses_with_offer} register addresses with an offer ` +
        '(counting unit: the address, side addresses included; the others are uncovered).',
    );
    if (s.match_report_file) lines.push(`Unmatched and ambiguous rows written to ${s.match_report_file}.`);
    else if ((s.unmatched_rows ?? 0) + (s.ambiguous_rows ?? 0) > 0)
      lines.push('Pass --match-report PATH to get the unmatched and ambiguous rows.');
  }
  for (const [reason, n] of Object.entries(s.rejects_by_reason)) lines.push(`  rejected ${n}× ${reason}`);
  if (s.rejects_file) lines.push(`Rejected rows written to ${s.rejects_file}.`);
  else if (s.rows_rejected > 0) lines.push('Pass --rejects PATH to get the rejected rows with their reasons.');
  if (s.input_format === 'fcc-bdc') {
    lines.push('FCC BDC fixed availability: positions are H3 resolution-8 cell centres, not buildings.');
    if (s.rows_skipped !== undefined) lines.push(`Left out ${s.rows_skipped} rows of business-only locations (--residential-only).`);
    const unknown = Object.entries(s.unknown_area_codes ?? {});
    if (unknown.length > 0)
      lines.push(
        `Block county codes not among the loaded areas (rows placed by point-in-polygon instead): ${unknown.map(([c, n]) => `${c} (${n})`).join(', ')}.`,
      );
  }
  if (s.unknown_columns.length > 0) lines.push(`Ignored unknown columns: ${s.unknown_columns.join(', ')}.`);
  return printable(lines.join('\n'), true);
}

function rejectShare(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pct = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !(pct >= 0 && pct <= 100))
    throw new CliError(`atlas import: --max-rejects must be a percentage 0..100 (got '${printable(value)}').`, 2);
  return pct / 100;
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (!values.db) throw new CliError('atlas import: --db PATH is required.', 2);
    if (!values.release) throw new CliError('atlas import: --release LABEL is required.', 2);
    if (positionals.length === 0) throw new CliError('atlas import: give at least one connection CSV file.', 2);
    const maxRejectShare = rejectShare(values['max-rejects']);
    const db = openWritable(values.db);
    let summary: ImportSummary;
    try {
      summary = importRelease(db, {
        release: values.release,
        asOf: values['as-of'] ?? null,
        files: positionals,
        rejectsPath: values.rejects ?? null,
        synthetic: values.synthetic ?? false,
        register: values.register ?? null,
        matchReportPath: values['match-report'] ?? null,
        encoding: encodingOption('import', values.encoding),
        columns: values.columns ?? null,
        allowRejects: values['allow-rejects'] ?? false,
        residentialOnly: values['residential-only'] ?? false,
        maxRejectShare,
        onProgress: progressPrinter(),
        deferCheckpoint: true,
      });
    } catch (err) {
      closeWritable(db);
      if (err instanceof ImportError) throw new CliError(`atlas import: ${err.message} Nothing was imported.`, 1);
      throw err;
    }
    const text = describe(summary, goalLabel(readDefinitions(db)));
    console.log(values.json ? `${text}\n${JSON.stringify(summary)}` : text);
    // The commit left its checkpoint (copying the new pages from the WAL into the file) to another thread,
    // which runs it while this one pre-renders; closing last finds little left to copy.
    const checkpoint = checkpointInWorker(values.db);
    try {
      // After the commit, on its own: the release is in whatever happens here (the server computes tiles meanwhile).
      prerenderAfter('import', values.db);
    } finally {
      await checkpoint;
      closeWritable(db);
    }
    return 0;
  });
