// `atlas releases`: list the releases in a database.
import { goalLabel } from '../../common/definitions.ts';
import type { Release } from '../../server/store/releases.ts';
import { openStore } from '../../server/store/index.ts';
import { textTable } from '../text-table.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'releases',
  usage: 'atlas releases --db PATH [--json]',
  description:
    "Lists the releases: label, as-of date, addresses, covered (at the database's goal: atlas init; >= 1000\n" +
    'Mbit/s by default), uncovered, synthetic, and the address register each was joined to (- for a release\n' +
    'imported from connection CSVs).',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  help: { db: 'SQLite database to read', json: 'print one JSON array' },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

type Listed = Omit<Release, 'id'>;

/** `goal`: what covered means (goalLabel). */
function table(releases: Listed[], goal: string): string {
  if (releases.length === 0) return 'No releases yet. Import one with `atlas import` or build the demo with `atlas demo`.';
  const header = ['label', 'as of', 'addresses', 'covered', 'uncovered', 'synthetic', 'register', 'imported at'];
  const rows = releases.map((r) => [
    r.label,
    r.as_of ?? '-',
    String(r.addresses),
    String(r.covered),
    String(r.uncovered),
    r.synthetic ? 'yes' : 'no',
    r.register ?? '-',
    r.imported_at ?? '',
  ]);
  return `${textTable(header, rows, new Set([2, 3, 4]))}\ncovered: at the goal ${goal}.`;
}

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    if (!parsed.values.db) throw new CliError('atlas releases: --db PATH is required.', 2);
    // The store's own query, so that `atlas releases` and GET /api/v1/releases list them in one order.
    const store = openStore(parsed.values.db);
    try {
      const releases: Listed[] = store.releases.list().map(({ id: _id, ...info }) => info);
      console.log(parsed.values.json ? JSON.stringify(releases) : table(releases, goalLabel(store.definitions())));
      return 0;
    } finally {
      store.close();
    }
  });
