// `atlas registers`: list the address registers in a database.
import type { RegisterInfo } from '../../common/types.ts';
import { openStore } from '../../server/store/index.ts';
import { textTable } from '../text-table.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'registers',
  usage: 'atlas registers --db PATH [--json]',
  description: 'Lists the address registers: label, as-of date, format, addresses, duplicates, snapped, disagreements.',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  help: { db: 'SQLite database to read', json: 'print one JSON array' },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

function table(registers: RegisterInfo[]): string {
  if (registers.length === 0) return 'No registers yet. Load one with `atlas register`.';
  const header = ['label', 'as of', 'format', 'addresses', 'duplicates', 'snapped', 'disagreements', 'imported at'];
  const rows = registers.map((r) => [
    r.label,
    r.as_of ?? '-',
    [...new Set(r.formats)].join('+'),
    String(r.addresses),
    String(r.duplicates),
    String(r.snapped),
    String(r.disagreements),
    r.imported_at,
  ]);
  return textTable(header, rows, new Set([3, 4, 5, 6]));
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    if (!parsed.values.db) throw new CliError('atlas registers: --db PATH is required.', 2);
    const store = openStore(parsed.values.db);
    try {
      const registers = store.registers.list();
      console.log(parsed.values.json ? JSON.stringify(registers) : table(registers));
      return 0;
    } finally {
      store.close();
    }
  });
