// A full garbage collection on demand, for long single runs that let go of much memory at a known point:
// after an import its heap is garbage (address indexes, aggregates, cluster points), and a join's matcher
// is once its lists are read. V8 gives such memory back only once it collects, and code that allocates
// little (typed arrays, SQL) may not make it collect before the next phase has grown the process.
// Node exposes gc() only to a context made after --expose-gc is set, so the flag is set here and the
// function taken from a new context.
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
