// What a report or an export is about: one area, one release, one threshold, resolved through the
// server's store so that unknown codes and releases fail exactly as the API does (404).
import { AREA_LEVELS } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import type { AddressRow } from '../store/addresses.ts';
import type { Area } from '../store/areas.ts';
import type { Store } from '../store/index.ts';
import type { Release } from '../store/releases.ts';

/** Addresses are assigned to the finest level; a coarser area is the set of its children. */
const ADDRESS_LEVEL = AREA_LEVELS[0];

export interface AreaSelection {
  area: Area;
  release: Release;
  threshold: Threshold;
}

export function selectArea(store: Store, code: string, release: string | undefined, threshold: Threshold): AreaSelection {
  return { area: store.areas.get(code), release: store.releases.resolve(release), threshold };
}

/** The codes addresses carry inside the area: its own, or those of its children. */
export function addressAreaCodes(store: Store, area: Area): string[] {
  return area.level === ADDRESS_LEVEL ? [area.code] : store.areas.childCodes(area.code);
}

/** Every uncovered address of the selection, streamed from the store page by page. */
export function uncoveredRows(store: Store, s: AreaSelection): Generator<AddressRow> {
  return store.uncovered.all({ release: s.release.id, areaCodes: addressAreaCodes(store, s.area), threshold: s.threshold });
}

/** The query string that reproduces a selection in API links. */
export function selectionQuery(s: AreaSelection): string {
  const up = s.threshold.up === null ? '' : `&up=${s.threshold.up}`;
  return `release=${encodeURIComponent(s.release.label)}&down=${s.threshold.down}${up}`;
}
