// Progress towards the goal on hand-computed series: flat, improving, worsening, goal already met,
// too few dated releases; and the competition rank by exact covered share.
import { describe, expect, it } from 'vitest';
import { progressOf, rankOf } from '../../server/progress.ts';

const goal = { year: 2030, pct: 100 };
const point = (as_of: string | null, uncovered: number, addresses = 10_000) => ({ as_of, addresses, uncovered });

describe('progressOf', () => {
  it('improving: the gap closes 1,000 a year from 2022-01-01 to 2024-01-01 (2 years, 3 releases)', () => {
    const p = progressOf([point('2022-01-01', 3000), point('2023-01-01', 2000), point('2024-01-01', 1000)], goal);
    // 1,000 left on 2024-01-01; 7 years to the end of 2030: 142.9 a year.
    expect(p).toMatchObject({ uncovered_now: 1000, to_go: 1000, recent_per_year: 1000, needed_per_year: 142.9, status: 'on_track' });
    // 1,000 at 1,000 a year from 2024-01-01: reached in 2025.
    expect(p.projected_year).toBe(2025);
    expect(p.method).toContain('2022-01-01');
  });

  it('flat: no pace, no projected year, off track', () => {
    const p = progressOf([point('2022-01-01', 500), point('2023-01-01', 500), point('2024-01-01', 500)], goal);
    expect(p).toMatchObject({ recent_per_year: 0, projected_year: null, status: 'off_track' });
  });

  it('worsening: a negative pace, no projected year, off track', () => {
    const p = progressOf([point('2022-01-01', 400), point('2024-01-01', 600)], goal);
    expect(p).toMatchObject({ recent_per_year: -100, projected_year: null, status: 'off_track' });
  });

  it('at risk: a pace of at least half the needed one', () => {
    // 700 left on 2024-01-01: 700 / 7 = 100 a year needed; the pace is 60 a year.
    const p = progressOf([point('2023-01-01', 760), point('2024-01-01', 700)], goal);
    expect(p.status).toBe('at_risk');
    expect(p.recent_per_year).toBe(60);
    // 700 / 60 = 11.67 years after 2024-01-01: in 2035.
    expect(p.projected_year).toBe(2035);
  });

  it('uses only the last three dated releases for the pace', () => {
    const p = progressOf(
      [point('2019-01-01', 9000), point('2022-01-01', 3000), point('2023-01-01', 2500), point('2024-01-01', 2000)],
      goal,
    );
    expect(p.recent_per_year).toBe(500);
  });

  it('goal already met: nothing to go, on track, the projected year is the release year', () => {
    const p = progressOf([point('2023-06-30', 50), point('2024-06-30', 0)], goal);
    expect(p).toMatchObject({ to_go: 0, needed_per_year: 0, status: 'on_track', projected_year: 2024 });
  });

  it('a goal below 100 % allows a share of uncovered addresses', () => {
    // 99 % of 10,000: 100 may stay uncovered; 150 uncovered leaves 50 to go.
    const p = progressOf([point('2023-01-01', 250), point('2024-01-01', 150)], { year: 2030, pct: 99 });
    expect(p.to_go).toBe(50);
    expect(p.recent_per_year).toBe(100);
    expect(progressOf([point('2024-01-01', 100)], { year: 2030, pct: 99 }).status).toBe('on_track');
  });

  it('past the goal year with a gap left: off track', () => {
    const p = progressOf([point('2030-06-30', 300), point('2031-06-30', 100)], goal);
    expect(p.status).toBe('off_track');
  });

  it('fewer than two dated releases: no pace and no status, and it says why', () => {
    for (const series of [[point('2024-01-01', 10)], [point(null, 20), point(null, 10)], [point('2023-01-01', 20), point(null, 10)]]) {
      const p = progressOf(series, goal);
      expect(p).toMatchObject({ recent_per_year: null, projected_year: null, status: null });
      expect(p.method).toMatch(/two releases/);
    }
  });
});

describe('rankOf', () => {
  const areas = [
    { code: 'A', addresses: 3, covered: 2 }, // 66.67 %
    { code: 'B', addresses: 300, covered: 200 }, // 66.67 %: tied with A
    { code: 'C', addresses: 100, covered: 99 },
    { code: 'D', addresses: 0, covered: 0 }, // no data: not ranked
    { code: 'E', addresses: 1000, covered: 10 },
  ];

  it('ranks by exact covered share, ties sharing a rank, areas without addresses left out', () => {
    expect(rankOf('C', areas)).toEqual({ rank: 1, rank_of: 4 });
    expect(rankOf('A', areas)).toEqual({ rank: 2, rank_of: 4 });
    expect(rankOf('B', areas)).toEqual({ rank: 2, rank_of: 4 });
    expect(rankOf('E', areas)).toEqual({ rank: 4, rank_of: 4 });
    expect(rankOf('D', areas)).toBeNull();
  });
});
