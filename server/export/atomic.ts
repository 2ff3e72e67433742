// Writes an export file (or directory) whole or not at all: into a temporary one beside the target,
// renamed over it at the end; an existing target is refused unless `force`. Errors are ExportError (no HTTP).
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A user-facing export failure (the CLI prints it and exits 1). */
export class ExportError extends Error {}

export async function writeAtomically<T>(out: string, force: boolean, write: (tmp: string) => T | Promise<T>): Promise<T> {
  if (existsSync(out) && !force) throw new ExportError(`${out} already exists; pass --force to replace it.`);
  if (!existsSync(dirname(out))) throw new ExportError(`The directory of ${out} does not exist.`);
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true, recursive: true });
  try {
    const result = await write(tmp);
    if (existsSync(out) && statSync(out).isDirectory()) {
      // rename() cannot replace a non-empty directory: move the old one aside, then drop it.
      const old = `${tmp}.old`;
      renameSync(out, old);
      renameSync(tmp, out);
      rmSync(old, { force: true, recursive: true });
    } else {
      renameSync(tmp, out);
    }
    return result;
  } catch (err) {
    rmSync(tmp, { force: true, recursive: true });
    throw err;
  }
}
