// What a report or an export is about: one area, one release, one threshold, resolved through the
// server's store so that unknown codes and releases fail exactly as the API does (404).
import type { Threshold } from '../../common/types.ts';
import type { AddressRow } from '../store/addresses.ts';
import type { Area } from '../store/areas.ts';
import type { Store } from '../store/index.ts';
import type { Release } from '../store/releases.ts';

export interface AreaSelection {
  area: Area;
  release: Release;
  threshold: Threshold;
}

export function selectArea(store: Store, code: string, release: string | undefined, threshold: Threshold): AreaSelection {
  return { area: store.areas.get(code), release: store.releases.resolve(release), threshold };
}

/** Every uncovered address of the selection, streamed from the store page by page, yielding between pages. */
export function uncoveredRows(store: Store, s: AreaSelection, technologies?: readonly string[]): AsyncGenerator<AddressRow> {
  return store.uncovered.stream({
    release: s.release.id,
    areaCodes: store.areas.addressCodes(s.area),
    threshold: s.threshold,
    technologies,
  });
}

/** The query string that reproduces a selection in API links. */
export function selectionQuery(s: AreaSelection): string {
  const up = s.threshold.up === null ? '' : `&up=${s.threshold.up}`;
  const fixed = s.threshold.fixed_only ? '&fixed_only=1' : '';
  return `release=${encodeURIComponent(s.release.label)}&down=${s.threshold.down}${up}${fixed}`;
}
