// Writes report files: one area, or every area of the address level (the CLI's --all), reusing one
// store and one collector so statements are prepared once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Threshold } from '../../common/types.ts';
import type { Store } from '../store/index.ts';
import { createReportCollector } from './collect.ts';
import type { ReportLang } from './model.ts';
import { renderReport } from './render.ts';
import { selectArea } from './selection.ts';
import type { Goal } from '../progress.ts';

export interface BatchOptions {
  release?: string;
  threshold: Threshold;
  lang: ReportLang;
  attribution: string[];
  /** The coverage goal progress is measured against (the goalYear and goalPct settings). */
  goal: Goal;
}

export interface BatchProgress {
  done: number;
  total: number;
  code: string;
  file: string;
}

/** Renders one area's report into `file` (directories created); resolves to the bytes written. */
export async function writeAreaReport(store: Store, code: string, file: string, options: BatchOptions): Promise<number> {
  const collect = createReportCollector(store, options.attribution, options.goal);
  const pdf = await renderReport(collect(selectArea(store, code, options.release, options.threshold)), options.lang);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, pdf);
  return pdf.length;
}

/** One `CODE.pdf` per area of the address level (municipalities in NL, counties in the US) into `dir`; returns the files. */
export async function writeAllReports(
  store: Store,
  dir: string,
  options: BatchOptions,
  onProgress: (p: BatchProgress) => void = () => {},
): Promise<string[]> {
  const collect = createReportCollector(store, options.attribution, options.goal);
  const release = store.releases.resolve(options.release);
  const areas = store.stats.areas(release.id, store.areas.addressLevel(), options.threshold);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [i, area] of areas.entries()) {
    const file = join(dir, `${area.code.replace(/[^\w.-]+/g, '_')}.pdf`);
    writeFileSync(file, await renderReport(collect(selectArea(store, area.code, release.label, options.threshold)), options.lang));
    files.push(file);
    onProgress({ done: i + 1, total: areas.length, code: area.code, file });
  }
  return files;
}
