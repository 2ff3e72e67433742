// Suggestions for the search box: areas (any level) and places whose name, or a word of it, starts
// with what was typed. Names are indexed once per release in memory (sorted keys, binary search),
// so a request does bounded work however large the data; the index is dropped when the data changes.
import type { AreaLevel } from '../../common/constants.ts';
import type { DB } from './db.ts';
import type { createPlaceStore } from './places.ts';

/** Most places indexed per release (largest first): far more than any country's named places. */
const MAX_INDEXED_PLACES = 20000;
/** Most index entries a request reads before ranking (bounds the work of a one-letter prefix). */
const MAX_CANDIDATES = 400;

export type NameHit =
  | { kind: 'area'; code: string; name: string; level: AreaLevel; bbox: [number, number, number, number] }
  | { kind: 'place'; name: string; area_code: string; addresses: number; lon: number; lat: number };

interface Entry {
  key: string;
  /** 0: the whole name starts with the text; 1: a later word does. */
  word: 0 | 1;
  hit: NameHit;
  /** Order among equals: areas first, then places; larger first in each. */
  order: number;
}

/** Lower case without accents, every run of other characters one space: "'s-Hertogenbosch" -> "s hertogenbosch". */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function entriesOf(hit: NameHit, order: number): Entry[] {
  const key = normaliseName(hit.name);
  const out: Entry[] = [{ key, word: 0, hit, order }];
  for (let i = key.indexOf(' '); i >= 0; i = key.indexOf(' ', i + 1)) out.push({ key: key.slice(i + 1), word: 1, hit, order });
  return out;
}

/** Index of the first key >= text. */
function lowerBound(entries: Entry[], text: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].key < text) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createNameIndex(db: DB, places: ReturnType<typeof createPlaceStore>) {
  const areas = db.prepare<
    [],
    { code: string; level: AreaLevel; name: string; parent_code: string | null; w: number; s: number; e: number; n: number }
  >('SELECT code, level, name, parent_code, min_lon AS w, min_lat AS s, max_lon AS e, max_lat AS n FROM areas ORDER BY level, name');
  const byRelease = new Map<number, Entry[]>();

  function build(release: number): Entry[] {
    const ranked = places.ranked(release, MAX_INDEXED_PLACES);
    // An area's size: its places' addresses, a coarser area's those of its children; larger first.
    const rows = areas.all();
    const size = new Map<string, number>();
    for (const p of ranked) size.set(p.area_code, (size.get(p.area_code) ?? 0) + p.addresses);
    for (const a of rows) if (a.parent_code) size.set(a.parent_code, (size.get(a.parent_code) ?? 0) + (size.get(a.code) ?? 0));
    rows.sort((x, y) => (size.get(y.code) ?? 0) - (size.get(x.code) ?? 0));
    const entries: Entry[] = [];
    for (const [i, a] of rows.entries()) {
      entries.push(...entriesOf({ kind: 'area', code: a.code, name: a.name, level: a.level, bbox: [a.w, a.s, a.e, a.n] }, i));
    }
    const offset = entries.length;
    for (const p of ranked) {
      const { rank, ...place } = p;
      entries.push(...entriesOf({ kind: 'place', ...place }, offset + rank));
    }
    return entries.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }

  return {
    /** Up to `limit` names matching `text`: whole-name matches before word matches, exact ones first. */
    search(release: number, text: string, limit: number): NameHit[] {
      const wanted = normaliseName(text);
      if (!wanted) return [];
      let entries = byRelease.get(release);
      if (!entries) byRelease.set(release, (entries = build(release)));
      const found: Entry[] = [];
      for (let i = lowerBound(entries, wanted); i < entries.length && found.length < MAX_CANDIDATES; i++) {
        if (!entries[i].key.startsWith(wanted)) break;
        found.push(entries[i]);
      }
      const quality = (e: Entry) => (e.key === wanted && e.word === 0 ? 0 : e.word === 0 ? 1 : 2);
      found.sort((x, y) => quality(x) - quality(y) || x.order - y.order);
      const seen = new Set<NameHit>();
      const out: NameHit[] = [];
      for (const e of found) {
        if (seen.has(e.hit)) continue;
        seen.add(e.hit);
        out.push(e.hit);
        if (out.length === limit) break;
      }
      return out;
    },
    /** Forgets every index (the data changed). */
    reset(): void {
      byRelease.clear();
    },
  };
}
