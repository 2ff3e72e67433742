// The "coverage means" choices of a database, from its coverage definitions (GET /api/v1/meta):
// its named tiers and goal (e.g. the FCC's 100/20 "served"), each download threshold on its own,
// and symmetric download and upload where the upload thresholds hold the same speed (1 Gbit/s).
import type { Meta } from '../../common/api.ts';

type Definitions = Meta['definitions'];

export interface CoverageChoice {
  down: number;
  up: number | null;
  /** The tier's name (definitions.tiers), if the pair is one. */
  name: string | null;
  /** True for the goal's pair. */
  goal: boolean;
}

const key = (down: number, up: number | null) => `${down}/${up ?? ''}`;

/** Every choice, fastest download first; within a download, upload conditions before none. */
export function coverageChoices(d: Definitions): CoverageChoice[] {
  const found = new Map<string, CoverageChoice>();
  const add = (down: number, up: number | null) => {
    if (!d.down.includes(down) || (up !== null && !d.up.includes(up))) return;
    const k = key(down, up);
    if (found.has(k)) return;
    const name = d.tiers.find((t) => t.down === down && t.up === up)?.name ?? null;
    found.set(k, { down, up, name, goal: d.goal.down === down && d.goal.up === up });
  };
  for (const t of d.tiers) add(t.down, t.up);
  add(d.goal.down, d.goal.up);
  for (const down of d.down) {
    add(down, down);
    add(down, null);
  }
  return [...found.values()].sort((a, b) => b.down - a.down || (b.up ?? -1) - (a.up ?? -1));
}

/** The choice a state stands for, if the definitions offer it. */
export function findChoice(d: Definitions, down: number, up: number | null): CoverageChoice | undefined {
  return coverageChoices(d).find((c) => c.down === down && c.up === up);
}

/**
 * A link's coverage (down, up, fixedOnly) as far as this database defines it: a download it lacks
 * (a link made for another database) drops the whole definition, so the goal applies; an upload it
 * lacks drops the upload condition.
 */
export function keepDefined<S extends { down?: number; up?: number | null; fixedOnly?: boolean }>(fromUrl: S, d: Definitions): S {
  const out = { ...fromUrl };
  if (out.down !== undefined && !d.down.includes(out.down)) {
    delete out.down;
    delete out.up;
    delete out.fixedOnly;
  }
  if (out.up != null && !d.up.includes(out.up)) out.up = null;
  return out;
}
