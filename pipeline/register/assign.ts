// Assigns a register address to its area. When the register names the municipality (a name or a
// code of a loaded area) the register decides, and point-in-polygon only measures disagreement
// (generalised boundaries misplace border addresses). Otherwise the point is located; a point in
// no area within SNAP_METRES of one goes to the nearest, beyond that it is refused.
import type { AreaLocator } from '../import/locate.ts';
import type { RowProblem } from '../import/parse-row.ts';

export const SNAP_METRES = 1000;

export type Assignment =
  | { area: number; how: 'name'; polygon: number }
  | { area: number; how: 'polygon' }
  | { area: number; how: 'snapped'; metres: number };

export class AreaAssigner {
  private readonly byName = new Map<string, number>();

  /** `names[i]` is the name of the locator's area i. */
  constructor(
    private readonly locator: AreaLocator,
    names: readonly string[],
  ) {
    const seen = new Map<string, number>();
    for (const name of names) seen.set(name.toLowerCase(), (seen.get(name.toLowerCase()) ?? 0) + 1);
    // A name two areas share decides nothing: those addresses are located by their point.
    for (const [i, name] of names.entries()) if (seen.get(name.toLowerCase()) === 1) this.byName.set(name.toLowerCase(), i);
    for (const [i, a] of locator.areas.entries()) this.byName.set(a.code.toLowerCase(), i);
  }

  assign(municipality: string | null, lon: number, lat: number): Assignment | RowProblem {
    const named = municipality === null ? undefined : this.byName.get(municipality.toLowerCase());
    const polygon = this.locator.locate(lon, lat);
    if (named !== undefined) return { area: named, how: 'name', polygon };
    if (polygon >= 0) return { area: polygon, how: 'polygon' };
    const near = this.locator.nearest(lon, lat, SNAP_METRES);
    if (near) return { area: near.area, how: 'snapped', metres: near.metres };
    return {
      field: 'lon',
      reason:
        `point in no area and more than ${SNAP_METRES} m from one: lon ${lon.toFixed(6)}, lat ${lat.toFixed(6)}` +
        (municipality === null ? '' : ` (municipality '${municipality}' is not a loaded area)`),
    };
  }
}
