// Import progress on stderr: a redrawn bar with rows/s and ETA on a terminal, plain periodic
// lines otherwise (logs, CI), so nothing floods a file.
import type { ImportProgress } from '../pipeline/import/index.ts';

const TTY_INTERVAL_MS = 200;
const PLAIN_INTERVAL_MS = 5000;
const BAR_WIDTH = 30;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: ImportProgress) => void {
  const started = Date.now();
  let last = 0;
  const tty = Boolean(stream.isTTY);
  return (p) => {
    const now = Date.now();
    if (!p.done && now - last < (tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) return;
    last = now;
    const seconds = (now - started) / 1000;
    const rate = p.rowsRead / Math.max(seconds, 1e-3);
    const share = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 1;
    const eta = share > 0 ? seconds / share - seconds : Infinity;
    const figures =
      `${p.rowsRead.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')} rows/s, ` +
      (p.done ? `done in ${duration(seconds)}` : `ETA ${duration(eta)}`);
    if (tty) {
      const filled = Math.round(share * BAR_WIDTH);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${figures}\x1b[K${p.done ? '\n' : ''}`,
      );
    } else {
      stream.write(`import: ${(share * 100).toFixed(0)}% ${figures}\n`);
    }
  };
}
