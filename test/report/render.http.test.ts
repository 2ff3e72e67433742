// The PDF drawing alone, on hand-made report data, read back with pdftotext.
import { describe, expect, it } from 'vitest';
import { formatterFor } from '../../server/report/i18n.ts';
import { renderReport } from '../../server/report/render.ts';
import { toWinAnsi } from '../../server/report/winansi.ts';
import { readPdf } from './pdf-reader.ts';
import { sampleAddresses, sampleReport } from './sample-report.ts';

describe('renderReport', () => {
  it('writes the area name, code, release, as-of date and headline figures in Dutch', async () => {
    const data = sampleReport();
    const { flat, pages } = readPdf(await renderReport(data, 'nl'));
    const f = formatterFor('nl');
    expect(flat).toContain('Opsterland (GM0086)');
    expect(flat).toContain('Peildatum 2024-12 (31 december 2024)');
    // Place names on the map (page 1; the address list starts later), so a reader can tell where the gaps are.
    expect(pages[0]).toContain('Gorredijk');
    expect(pages[0]).toContain('Beetsterzwaag');
    for (const figure of [
      f.int(data.totals.addresses),
      f.int(data.totals.covered),
      f.pct(data.totals.covered, data.totals.addresses),
      f.int(data.totals.uncovered),
    ]) {
      expect(flat).toContain(figure);
    }
    expect(flat).toContain('minimaal 1000 Mbit/s download');
    expect(flat).toContain('Kadaster / Centraal Bureau voor de Statistiek, 2024');
  });

  it('writes English texts and English number formats when asked', async () => {
    const { flat } = readPdf(await renderReport(sampleReport(), 'en'));
    expect(flat).toContain('as of 31 December 2024');
    expect(flat).toContain('14,392');
    expect(flat).toContain('Uncovered addresses by postcode and street');
  });

  it('marks every page of a synthetic release, and no page of a real one', async () => {
    const synthetic = readPdf(await renderReport(sampleReport({ release: { label: '2024-12', as_of: null, synthetic: true } }), 'en'));
    expect(synthetic.flat).toContain('SYNTHETIC DEMO DATA: generated addresses');
    for (const page of synthetic.pages) expect(page).toContain('SYNTHETIC DEMO DATA');
    const real = readPdf(await renderReport(sampleReport(), 'en'));
    expect(real.flat).not.toMatch(/synthetic/i);
  });

  it('lists uncovered addresses grouped by postcode and street with their house numbers in order', async () => {
    const shuffled = sampleAddresses(30, 3, [6.05, 53.03]).reverse();
    const { flat } = readPdf(await renderReport(sampleReport({ uncovered: shuffled }), 'en'));
    expect(flat).toContain('8400AB Feanwei 0 Gorredijk 1a-2, 2, 3, 4, 5, 6, 7, 8a, 9, 10 8401AB Feanwei 1');
  });

  it('numbers the largest clusters on the map and lists them with technologies and distance to the network', async () => {
    const cluster = (addresses: number, lon: number, nearest: number | null) => ({
      addresses,
      addressesInArea: addresses,
      technologies: ['VDSL', 'NONE'],
      nearestCoveredM: nearest,
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [lon, 53.0],
            [lon + 0.01, 53.0],
            [lon + 0.01, 53.01],
            [lon, 53.0],
          ],
        ],
      },
      centroid: [lon + 0.005, 53.003] as [number, number],
    });
    const items = [cluster(40, 6.0, 812.4), ...Array.from({ length: 11 }, (_, i) => cluster(2, 6.02 + i * 0.01, null))];
    const { pages } = readPdf(await renderReport(sampleReport({ clusters: { distanceM: 250, items } }), 'en'));
    expect(pages[0]).toContain('Cluster: uncovered addresses within 250 m of each other (12)');
    for (let k = 1; k <= 10; k++) expect(pages[0]).toContain(`#${k}`);
    expect(pages[0]).not.toContain('#11');
    expect(pages[1].replace(/\s+/g, ' ')).toContain('#1 40 VDSL, No offer 812 m 53.00300, 6.00500');
    expect(pages[1]).toContain('the 10 largest of 12');
    expect(pages[1]).toContain('no covered address');
  });

  it('says there is nothing to list when every address is covered', async () => {
    const { pages, flat } = readPdf(await renderReport(sampleReport({ uncovered: [] }), 'en'));
    expect(flat).toContain('there are no uncovered addresses');
    expect(flat).toContain('No uncovered addresses in this area.');
    // Page 1 title, figures and map; page 2 progress and tables; page 3 the trend and the empty list.
    expect(pages).toHaveLength(3);
  });

  it('stops the address list at the page budget and points to the CSV for the rest', async () => {
    const data = sampleReport({ uncovered: sampleAddresses(3000, 600, [6.05, 53.03]) });
    const { pages, flat } = readPdf(await renderReport(data, 'en', { maxAddressPages: 2 }));
    // The list starts on page 3, below the trend (page 2 opens with the progress section), and may fill 2 pages.
    expect(pages).toHaveLength(4);
    expect(flat).toMatch(
      /This list shows the first [\d,]+ of 3,000 uncovered addresses\. The CSV has all of them: \/api\/v1\/areas\/GM0086\/ ?uncovered\.csv/,
    );
    expect(pages.at(-1)).toContain('page 4 of 4');
  });
});

describe('toWinAnsi', () => {
  it('keeps Dutch and Frisian letters and folds what the standard fonts cannot show', () => {
    expect(toWinAnsi("Súdwest-Fryslân, 's-Gravenhage, Noardeast–Fryslân €")).toBe("Súdwest-Fryslân, 's-Gravenhage, Noardeast–Fryslân €");
    expect(toWinAnsi('Łódź ≥ Ŷ')).toBe('?ódz ? Y');
  });
});

describe('the report map of a huge boundary', () => {
  it('draws an 800,000-vertex ring simplified: the PDF stays small and still shows the area', async () => {
    const n = 800_000;
    const ring = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      // A 50 km boundary digitised every 6 cm, with 2 m of jitter.
      const r = 0.08 * (1 + 0.0002 * Math.sin(i * 7.3));
      return [6.05 + r * Math.cos(a), 53.03 + 0.6 * r * Math.sin(a)];
    });
    ring.push(ring[0]);
    const plain = await renderReport(sampleReport(), 'en');
    const huge = await renderReport(sampleReport({ boundary: { type: 'Polygon', coordinates: [ring] } }), 'en');
    // Unsimplified, this boundary alone made a 5.6 MB PDF.
    expect(huge.length).toBeLessThan(plain.length + 200_000);
    expect(readPdf(huge).flat).toContain('Opsterland (GM0086)');
  });
});
