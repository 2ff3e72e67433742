// The demo's register and coverage-list files: written straight from the generator (what the demo
// build does) they are byte for byte the files split from the release CSV (the brute-force oracle).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMunicipalities } from '../../pipeline/demo/reference.ts';
import { RegisterFilesWriter, writeRegisterFiles, type RegisterFiles } from '../../pipeline/demo/register-files.ts';
import { generateReleases, writeReleaseCsvs } from '../../pipeline/demo/release-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-demo-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo register files', () => {
  it('are the same bytes straight from the generator as split from the release CSV, for releases generated together', async () => {
    const names = new Map(readMunicipalities().map((m) => [m.code, m.name]));
    const provinces = new Map<string, string>();
    const releases = ['2024-12', '2021-12'];
    const options = { scale: 0.005, seed: 3 };
    const [viaCsv, direct] = ['csv', 'direct'].map((d) => join(dir, d));
    for (const d of [viaCsv, direct]) mkdirSync(d);
    await writeReleaseCsvs(
      releases.map((r) => ({ release: r, path: join(dir, `${r}.csv`) })),
      options,
    );
    const split = releases.map((r) => writeRegisterFiles(join(dir, `${r}.csv`), viaCsv, `demo-${r}`, names, provinces));
    const writers = releases.map((r) => new RegisterFilesWriter(direct, `demo-${r}`, names, provinces));
    const counts = generateReleases(
      releases.map((r, i) => ({ release: r, rows: writers[i] })),
      options,
    );
    const written: RegisterFiles[] = writers.map((w) => w.close());

    expect(written.map((w) => w.addresses)).toEqual(split.map((s) => s.addresses));
    expect(written.map((w) => w.addresses)).toEqual(counts.map((c) => c.addresses));
    expect(readdirSync(direct).sort()).toEqual(readdirSync(viaCsv).sort());
    expect(readdirSync(direct).length).toBeGreaterThan(2 * 3);
    for (const file of readdirSync(viaCsv)) {
      expect(readFileSync(join(direct, file)).equals(readFileSync(join(viaCsv, file))), file).toBe(true);
    }
  });
});
