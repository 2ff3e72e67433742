// Shared bench helpers: timers, summaries of repeated runs, percentiles, removing a database;
// and the benches' one door to what they share with the tests in test/helpers/ (plain modules, no vitest):
// the seeded PRNG, tile math, the synthetic village addresses and the brute-force clustering baselines.
import { rmSync } from 'node:fs';

export { bruteForceLabels, bruteForceNearestM } from '../test/helpers/brute-force-clusters.ts';
export { seededRandom, shuffle } from '../test/helpers/random.ts';
export { tileOf, tilesCovering } from '../test/helpers/tiles.ts';
export { insertRelease, villageAddresses } from '../test/helpers/village-db.ts';

/** Seconds since a process.hrtime.bigint() start. */
export function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Milliseconds since a process.hrtime.bigint() start. */
export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU seconds this process used since `since`: on a machine shared with other jobs, wall time overstates. */
export function cpuSeconds(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
}

export interface Summary {
  min: number;
  mean: number;
  sd: number;
}

/** Minimum, mean and (population) standard deviation of repeated measurements. */
export function summary(xs: number[]): Summary {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { min: Math.min(...xs), mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

/** "min 1.23 s, mean 1.40 ± 0.10 s" with the given unit and decimals. */
export function formatSummary(s: Summary, unit: string, digits: number): string {
  return `min ${s.min.toFixed(digits)} ${unit}, mean ${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)} ${unit}`;
}

/** The p-th percentile of an ascending array (nearest rank), NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** Removes an SQLite database with its -wal, -shm and -journal files. */
export function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}
