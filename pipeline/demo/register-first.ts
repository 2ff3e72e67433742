// Generates demo releases as register files and coverage lists in two passes over the demo world:
// first every release's register (and late list), closed as soon as the last address is in, then
// the coverage lists. A register can so be loaded while its lists are still being written
// (generate-worker.ts). The files are byte for byte those of generateReleases into the same
// RegisterFilesWriters: every file gets its lines in the same order.
import { buildAddresses } from './addresses.ts';
import { type CoverageSite, isGigabit, offersAt, planCoverage } from './coverage.ts';
import { planWorld } from './plan.ts';
import { listKey, type RegisterFilesWriter } from './register-files.ts';
import { type DemoOptions, type GenerateProgress, NO_OFFER, type ReleaseCounts, releaseIndex } from './release-csv.ts';

/** What the second pass needs of an address: its coverage draws and its list key. */
interface Site extends CoverageSite {
  listKey: string;
}

export interface RegisterFirstOptions extends DemoOptions {
  onProgress?: (p: GenerateProgress) => void;
  /** Called once every register is written and closed, with their paths (in the targets' order). */
  onRegisters?: (registers: string[]) => void;
}

export function generateRegisterFirst(
  targets: ReadonlyArray<{ release: string; writer: RegisterFilesWriter }>,
  options: RegisterFirstOptions,
): ReleaseCounts[] {
  const releases = targets.map((t) => releaseIndex(t.release));
  const counts = targets.map((t) => ({ release: t.release, rows: 0, addresses: 0, covered: 0, uncovered: 0 }));
  const plans = planWorld(options);
  const sites: Site[][] = [];
  for (const plan of plans) {
    const addresses = buildAddresses(plan);
    for (const [t, target] of targets.entries()) {
      const r = releases[t];
      for (const a of addresses) {
        if (a.born > r) continue;
        target.writer.registerAddress(a);
        counts[t].addresses++;
      }
    }
    sites.push(addresses.map((a) => ({ lon: a.lon, lat: a.lat, rural: a.rural, born: a.born, key: a.key, listKey: listKey(a) })));
  }
  options.onRegisters?.(targets.map((t) => t.writer.closeRegister()));

  let rows = 0;
  const offers: string[] = [];
  for (const [m, plan] of plans.entries()) {
    const group = sites[m];
    sites[m] = [];
    const coverage = planCoverage(group, plan, options.seed);
    for (const [t, target] of targets.entries()) {
      const r = releases[t];
      const count = counts[t];
      for (let i = 0; i < group.length; i++) {
        const site = group[i];
        if (site.born > r) continue;
        offersAt(site, coverage[i], r, offers);
        if (offers.length === 0) offers.push(NO_OFFER);
        target.writer.offers(site.listKey, offers);
        count.rows += offers.length;
        if (isGigabit(coverage[i], r)) count.covered++;
        else count.uncovered++;
        rows += offers.length;
      }
    }
    options.onProgress?.({ municipalities: plans.length, municipalitiesDone: m + 1, rows });
  }
  return counts;
}
