// `atlas register`: load one version of the address register (the denominator of every figure).
import { openWritable } from '../../common/schema.ts';
import type { RegisterSummary } from '../../common/types.ts';
import { ENCODINGS, type Encoding } from '../../pipeline/import/csv.ts';
import { ImportError } from '../../pipeline/import/index.ts';
import { FORMAT_NAMES, type RegisterFormat } from '../../pipeline/register/header.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { progressPrinter } from '../progress.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'register',
  usage: 'atlas register --db PATH --label LABEL [--as-of YYYY-MM-DD] [--rejects PATH] [--json] FILE...',
  description:
    "Loads address register files (the LJPc dump, NLExtract's BAG CSV or the canonical columns; .csv,\n" +
    '.csv.gz, .csv.zst or .zip) as register LABEL, replacing a register of that label. Every address is\n' +
    'assigned to its municipality once. All or nothing: exit 0 when committed, 1 when nothing changed.',
  options: {
    db: { type: 'string' },
    label: { type: 'string' },
    'as-of': { type: 'string' },
    rejects: { type: 'string' },
    encoding: { type: 'string' },
    columns: { type: 'string' },
    json: { type: 'boolean' },
  },
  help: {
    db: 'SQLite database with boundaries loaded (atlas boundaries)',
    label: 'register label, e.g. bag-2026-06',
    'as-of': 'date the register describes, YYYY-MM-DD',
    rejects: 'write rejected rows and duplicates (file, line, field, reason, row) to this CSV',
    encoding: `text encoding of the files: ${ENCODINGS.join(' or ')} (default utf-8)`,
    columns: 'read other headers: NAME=HEADER,… e.g. house_number=hnr',
    json: 'print the summary as one JSON object on the last line of stdout',
  },
  positionals: true,
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

export function encodingOption(command: string, value: string | undefined): Encoding {
  if (value === undefined) return 'utf-8';
  const encoding = value.toLowerCase() as Encoding;
  if (!ENCODINGS.includes(encoding))
    throw new CliError(`atlas ${command}: --encoding must be ${ENCODINGS.join(' or ')}, got '${value}'.`, 2);
  return encoding;
}

function describe(s: RegisterSummary): string {
  const lines = [
    `Register ${s.label}${s.as_of ? ` (as of ${s.as_of})` : ''}: committed in ${s.seconds} s.`,
    ...s.files.map((f, i) => `  ${f}: recognised as the ${FORMAT_NAMES[s.formats[i] as RegisterFormat] ?? s.formats[i]}`),
    `Rows: ${s.rows_read} read = ${s.rows_accepted} accepted + ${s.rows_rejected} rejected (${s.duplicates} of them duplicates, kept once).`,
    `Addresses (counting unit: the address, side addresses included): ${s.addresses}.`,
    `Areas: ${s.areas_by_name} by the register's municipality, ${s.areas_by_polygon} by point-in-polygon, ${s.snapped} snapped to the nearest area within 1 km.`,
    `Boundary check: ${s.disagreements} named addresses lie in another municipality's polygon, ${s.named_in_no_polygon} in none.`,
  ];
  for (const [reason, n] of Object.entries(s.rejects_by_reason)) lines.push(`  rejected ${n}× ${reason}`);
  if (s.rejects_file) lines.push(`Rejected rows written to ${s.rejects_file}.`);
  else if (s.rows_rejected > 0) lines.push('Pass --rejects PATH to get the rejected rows with their reasons.');
  if (s.unknown_columns.length > 0) lines.push(`Ignored columns: ${s.unknown_columns.join(', ')}.`);
  return lines.join('\n');
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (!values.db) throw new CliError('atlas register: --db PATH is required.', 2);
    if (!values.label) throw new CliError('atlas register: --label LABEL is required.', 2);
    if (positionals.length === 0) throw new CliError('atlas register: give at least one address register file.', 2);
    const encoding = encodingOption('register', values.encoding);
    const db = openWritable(values.db);
    try {
      const summary = loadRegister(db, {
        label: values.label,
        asOf: values['as-of'] ?? null,
        files: positionals,
        rejectsPath: values.rejects ?? null,
        encoding,
        columns: values.columns ?? null,
        onProgress: progressPrinter(),
      });
      console.log(values.json ? `${describe(summary)}\n${JSON.stringify(summary)}` : describe(summary));
      return 0;
    } catch (err) {
      if (err instanceof ImportError) throw new CliError(`atlas register: ${err.message} Nothing was loaded.`, 1);
      throw err;
    } finally {
      db.close();
    }
  });
