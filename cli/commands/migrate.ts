// `atlas migrate`: bring a database to the current schema version.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { SCHEMA_VERSION, closeWritable, migrate } from '../../common/schema.ts';
import { refreshChanges } from '../../pipeline/changes/index.ts';
import { CliError, parseCommand, runCommand, type Command, type CommandSpec } from './command.ts';

const spec = {
  name: 'migrate',
  usage: 'atlas migrate --db PATH',
  description: `Applies the schema migrations a database lacks (current schema version: ${SCHEMA_VERSION}),\nand computes the changes between adjacent releases it lacks.`,
  options: { db: { type: 'string' } },
  help: { db: 'SQLite database to upgrade' },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

export const command: Command = (argv) =>
  runCommand(async () => {
    const parsed = parseCommand(spec, argv);
    if (!parsed) return 0;
    const path = parsed.values.db;
    if (!path) throw new CliError('atlas migrate: --db PATH is required.', 2);
    if (!existsSync(path)) throw new CliError(`atlas migrate: ${path} does not exist; nothing to migrate.`, 1);
    const db = new Database(path);
    try {
      const before = db.pragma('user_version', { simple: true }) as number;
      migrate(db, path);
      // Diffs between adjacent releases that an older database lacks are computed here, not at the next import.
      const computed = db.transaction(() => refreshChanges(db, null)).immediate();
      console.log(
        before === SCHEMA_VERSION
          ? `${path} is already at schema version ${SCHEMA_VERSION}.`
          : `${path}: migrated from schema version ${before} to ${SCHEMA_VERSION}.`,
      );
      if (computed.length > 0) console.log(`${path}: computed the changes between ${computed.length} pair(s) of adjacent releases.`);
      return 0;
    } finally {
      closeWritable(db);
    }
  });
