// The map's colour ramp from a database's class bounds (meta.definitions.ramp): the default keeps
// its colours, "exactly 100" keeps its own hue, and other counts spread over YlGnBu dark to light.
import { describe, expect, it } from 'vitest';
import { rampStops } from '../../client/src/ramp.ts';
import { DEFAULT_RAMP } from '../../common/definitions.ts';

describe('rampStops', () => {
  it('give the default bounds the colours the map always had', () => {
    expect(rampStops(DEFAULT_RAMP)).toEqual([
      { from: 0, color: '#253494' },
      { from: 80, color: '#2c7fb8' },
      { from: 90, color: '#41b6c4' },
      { from: 95, color: '#7fcdbb' },
      { from: 98, color: '#a8ddb5' },
      { from: 99.5, color: '#d9f0a3' },
      { from: 100, color: '#fff8e1' },
    ]);
  });

  it('give other bounds of as many classes the same colours at their own bounds', () => {
    const stops = rampStops([50, 80, 90, 95, 99, 100]);
    expect(stops.map((s) => s.from)).toEqual([0, 50, 80, 90, 95, 99, 100]);
    expect(stops.map((s) => s.color)).toEqual(rampStops(DEFAULT_RAMP).map((s) => s.color));
  });

  it('spread fewer or more classes from darkest to lightest, distinct, with "exactly 100" apart only when 100 is a bound', () => {
    for (const bounds of [[50], [25, 50, 75], [30, 60, 90, 100], [10, 20, 40, 60, 80, 90, 95]]) {
      const stops = rampStops(bounds);
      expect(stops.map((s) => s.from)).toEqual([0, ...bounds]);
      expect(new Set(stops.map((s) => s.color)).size).toBe(stops.length);
      expect(stops[0].color).toBe('#253494');
      expect(stops.some((s) => s.color === '#fff8e1')).toBe(bounds.at(-1) === 100);
    }
  });
});
