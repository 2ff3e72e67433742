// What every CLI command module exports, and the option parsing they share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { printable } from '../../common/printable.ts';
import { SchemaError } from '../../common/schema.ts';

/** Runs a command with its arguments (without the command name); resolves to the exit code. */
export type Command = (argv: string[]) => Promise<number>;

/** A user-facing error: printed without a stack trace, exit code 2 (usage) or 1 (failure). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  name: string;
  usage: string; // e.g. 'atlas import --db PATH --release LABEL [options] FILE...'
  description: string;
  options: O; // node:util parseArgs options; each may carry a `help` line in `help`
  help: Partial<Record<keyof O, string>>;
  positionals?: boolean;
}

export function helpText<O extends Options>(spec: CommandSpec<O>): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `--${name}${o.type === 'string' ? ' VALUE' : ''}`;
    return `  ${flag.padEnd(26)} ${spec.help[name as keyof O] ?? ''}`;
  });
  return [`Usage: ${spec.usage}`, '', spec.description, '', 'Options:', ...rows, `  ${'--help'.padEnd(26)} show this help`].join('\n');
}

/**
 * Parses argv against a spec. Returns null after printing help for --help; throws CliError(…, 2)
 * with the help text on unknown or malformed options.
 */
export function parseCommand<O extends Options>(spec: CommandSpec<O>, argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(helpText(spec));
    return null;
  }
  try {
    return parseArgs({ args: argv, options: spec.options, allowPositionals: spec.positionals ?? false, strict: true });
  } catch (err) {
    throw new CliError(`atlas ${spec.name}: ${(err as Error).message}\n\n${helpText(spec)}`, 2);
  }
}

/** The allowed value a flag names, or CliError(…, 2) listing the allowed values. */
export function choice<T extends string | number>(command: string, flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => String(a) === value);
  if (found === undefined) throw new CliError(`atlas ${command}: --${flag} must be one of ${allowed.join(', ')}; got '${value}'.`, 2);
  return found;
}

/**
 * Wraps a command body so CliError, SchemaError and a database busy with another writer become a message
 * and an exit code, not a stack.
 * Messages may quote input files: control characters are escaped before they reach the terminal.
 */
export function runCommand(body: () => Promise<number>): Promise<number> {
  return body().catch((err: unknown) => {
    if (err instanceof CliError) {
      console.error(printable(err.message, true));
      return err.exitCode;
    }
    if (err instanceof SchemaError) {
      console.error(printable(err.message, true));
      return 1;
    }
    // SQLite's SQLITE_BUSY (after the busy timeout): another process holds the write lock.
    if (String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) {
      console.error(
        'atlas: the database is busy: another process is writing to it (an import, or `npm start` still building the older ' +
          'demo releases). Nothing was changed; run the command again once that has finished.',
      );
      return 1;
    }
    throw err;
  });
}
