// The report's progress section (issue 10) over real HTTP on the two-release fixture, read back with
// pdftotext: on page 2 the change since the previous release, the rank, the parent's and the nation's
// covered %, the projection with its method, all equal to /api/v1/areas/{code}; a province report
// lists its municipalities with their status, worst first. The goal year is 2031 (not the default).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaDetail, AreaList, ChangeFigures } from '../../common/api.ts';
import { formatterFor } from '../../server/report/i18n.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readPdf } from './pdf-reader.ts';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-report-progress-'));
  server = await startTestServer(await buildFixtureDb(dir), { goalYear: 2031 });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfPages(path: string): Promise<string[]> {
  const res = await server.get(path);
  expect(res.status, path).toBe(200);
  // Whitespace runs collapsed per page, as a reader sees the words.
  return readPdf(Buffer.from(await res.arrayBuffer())).pages.map((p) => p.replace(/\s+/g, ' '));
}

const two = (locale: string, n: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);

describe('the progress section of an area report', () => {
  it('puts the change, rank, comparison and projection with its method on page 2, as the API gives them', async () => {
    const { areas } = await server.json<AreaList>('/api/v1/areas?level=municipality&sort=uncovered&order=desc');
    const detail = await server.json<AreaDetail>(`/api/v1/areas/${areas[0].code}`);
    const p = detail.progress;
    expect(p.goal_year).toBe(2031);
    const f = formatterFor('en');
    const pages = await pdfPages(`/api/v1/areas/${detail.code}/report.pdf?lang=en`);
    const page2 = pages[1];
    expect(pages[0]).not.toContain('Progress towards the goal');
    expect(page2).toContain('Progress towards the goal Goal: 100% of addresses covered by the end of 2031');
    const [before, now] = detail.trend;
    const delta = now.uncovered - before.uncovered;
    expect(page2).toContain(
      `Change since release ${before.release}: covered share from ${f.pct(before.covered, before.addresses)} to ` +
        `${f.pct(now.covered, now.addresses)}; uncovered addresses from ${f.int(before.uncovered)} to ${f.int(now.uncovered)} ` +
        `(${delta === 0 ? 'unchanged' : delta < 0 ? `${f.int(-delta)} fewer` : `${f.int(delta)} more`}).`,
    );
    const change = await server.json<ChangeFigures>(`/api/v1/changes?area=${detail.code}`);
    expect(page2).toContain(
      `Addresses between ${before.release} and ${now.release}: ${f.int(change.newly_covered)} newly covered, ` +
        `${f.int(change.lost)} lost coverage, ${f.int(change.added)} new, ${f.int(change.removed)} gone.`,
    );
    const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[p.rank!] ?? 'th';
    expect(page2).toContain(`Rank: ${p.rank}${suffix} of ${p.rank_of} municipalities by covered share`);
    expect(page2).toContain(`${detail.name} (${detail.code}) ${two('en-GB', detail.covered_pct!)}%`);
    expect(page2).toContain(`${p.parent_name} (Province) ${two('en-GB', p.parent_covered_pct!)}%`);
    expect(page2).toContain(`National ${two('en-GB', p.national_covered_pct!)}%`);
    expect(page2).toContain(`${f.int(p.to_go)} addresses to go by the end of 2031.`);
    expect(page2).toContain(
      p.projected_year === null ? 'the goal is not reached' : `Projected year the goal is reached: ${p.projected_year}.`,
    );
    expect(page2).toContain(`Status: ${p.status === null ? 'no pace yet' : p.status.replace('_', ' ')}.`);
    expect(page2).toContain(
      `Method: a straight line; the gap to the goal closed by ${f.int(p.recent_per_year!)} addresses a year between ` +
        `${f.date(before.as_of!)} and ${f.date(now.as_of!)} (2 releases)`,
    );
  });

  it('says there is nothing to compare with in the oldest release, in Dutch', async () => {
    const oldest = (await server.json<{ releases: { label: string }[] }>('/api/v1/releases')).releases[0].label;
    const { areas } = await server.json<AreaList>(`/api/v1/areas?level=municipality&release=${oldest}&sort=uncovered&order=desc`);
    expect(areas[0].uncovered).toBeGreaterThan(0);
    const pages = await pdfPages(`/api/v1/areas/${areas[0].code}/report.pdf?lang=nl&release=${oldest}`);
    expect(pages[1]).toContain('Voortgang naar het doel');
    expect(pages[1]).toContain('Er is geen eerdere peildatum om mee te vergelijken.');
    expect(pages[1]).toContain('Status: nog geen tempo.');
  });

  it("lists a province's municipalities with their status and projected year, worst status first", async () => {
    const { areas: provinces } = await server.json<AreaList>('/api/v1/areas?level=province');
    const province = provinces[0];
    const { areas: children } = await server.json<AreaList>(`/api/v1/areas?parent=${province.code}&progress=1`);
    expect(children.length).toBeGreaterThan(1);
    const f = formatterFor('nl');
    const text = (await pdfPages(`/api/v1/areas/${province.code}/report.pdf?lang=nl`)).join(' ');
    expect(text).toContain(`Gemeenten in ${province.name}`);
    const status = { off_track: 'niet op koers', at_risk: 'risico', on_track: 'op koers' } as const;
    const severity = { off_track: 0, at_risk: 1, on_track: 2 } as const;
    const ordered = [...children].sort(
      (a, b) =>
        (a.progress?.status ? severity[a.progress.status] : 3) - (b.progress?.status ? severity[b.progress.status] : 3) ||
        (b.progress?.projected_year ?? Infinity) - (a.progress?.projected_year ?? Infinity) ||
        a.name.localeCompare(b.name),
    );
    let from = 0;
    for (const a of ordered) {
      const q = a.progress!;
      const row =
        `${a.name} (${a.code}) ${f.pct(a.covered, a.addresses)} ${f.int(q.to_go)} ` +
        `${q.status ? status[q.status] : 'nog geen tempo'}` +
        (q.to_go === 0 ? ' gehaald' : q.projected_year !== null ? ` ${q.projected_year}` : q.status ? ' nooit' : '');
      const at = text.indexOf(row, from);
      expect(at, row).toBeGreaterThanOrEqual(0);
      from = at + row.length;
    }
  });
});
