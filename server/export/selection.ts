// What every export describes: one release at one download threshold, with the credits and the
// synthetic flag it must carry; refuses a release without addresses.
import type { Threshold } from '../../common/types.ts';
import type { Store } from '../store/index.ts';
import type { Release } from '../store/releases.ts';
import { ExportError } from './atomic.ts';

export interface ExportSelection {
  release: Release;
  threshold: Threshold;
  attribution: string[];
}

export const SYNTHETIC_NOTE = 'Synthetic demo data: generated addresses and fictional providers';

/** Resolves the release (newest by default; NotFound names the known ones) and checks it holds data. */
export function exportSelection(store: Store, label: string | undefined, threshold: Threshold, attribution: string[]): ExportSelection {
  const release = store.releases.resolve(label);
  if (release.addresses === 0) {
    throw new ExportError(
      `Release ${release.label} holds no addresses; there is nothing to export. Import connection files into it first.`,
    );
  }
  return { release, threshold, attribution: release.synthetic ? [...attribution, SYNTHETIC_NOTE] : attribution };
}
