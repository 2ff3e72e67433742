// A full garbage collection on demand, for the CLI's long single runs: after an import its heap is
// garbage (address indexes, aggregates, cluster points), which V8 gives back to the system only once it
// collects, and the pre-render that follows starts threads of its own. Node exposes gc() only to a
// context made after --expose-gc is set, so the flag is set here and the function taken from a new context.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
