// The BDC row parser's H3 cells: every resolution-8 cell is placed at its centre, in either case and with
// a leading zero, against h3-js for 2,000 random cells; anything else is rejected naming h3_res8_id, also
// when the same bad cell comes twice in a row (the parser remembers cells by a numeric key).
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { BDC_COLUMNS, BdcRowParser } from '../../pipeline/import/bdc.ts';
import type { ConnectionRow } from '../../pipeline/import/parse-row.ts';
import { seededRandom } from '../helpers/random.ts';

const WORLD: [number, number, number, number] = [-180, -90, 180, 90];

function fields(cell: string, locationId = '1000000001'): string[] {
  const row: Record<(typeof BDC_COLUMNS)[number], string> = {
    frn: '0001234567',
    provider_id: '130001',
    brand_name: 'Prairie Fiber',
    location_id: locationId,
    technology: '50',
    max_advertised_download_speed: '1000',
    max_advertised_upload_speed: '1000',
    low_latency: '1',
    business_residential_code: 'R',
    state_usps: 'CA',
    block_geoid: '060370001001000',
    h3_res8_id: cell,
  };
  return BDC_COLUMNS.map((c) => row[c]);
}

function centreOf(parser: BdcRowParser, cell: string): [number, number] | string {
  const out = parser.parse(fields(cell));
  if (typeof out === 'symbol') throw new Error('skipped');
  if ('reason' in out) return `${out.field}: ${out.reason}`;
  const row = out as ConnectionRow;
  return [row.lat, row.lon];
}

describe('BDC cells', () => {
  it('places 2,000 random resolution-8 cells at their centres, in either case and with a leading zero', () => {
    const random = seededRandom(8);
    const parser = new BdcRowParser([...BDC_COLUMNS], WORLD, false);
    const cells: string[] = [];
    for (let i = 0; i < 2000; i++) cells.push(latLngToCell(random() * 170 - 85, random() * 360 - 180, 8));
    // Twice over, in another order and spelling, so the remembered cells answer too.
    for (const cell of [...cells, ...cells.reverse()]) {
      const expected = cellToLatLng(cell);
      expect(centreOf(parser, cell)).toEqual(expected);
      expect(centreOf(parser, cell.toUpperCase())).toEqual(expected);
      expect(centreOf(parser, `0${cell}`)).toEqual(expected);
    }
  });

  it('rejects cells of other resolutions and text that is no cell, twice in a row too', () => {
    const parser = new BdcRowParser([...BDC_COLUMNS], WORLD, false);
    const res8 = latLngToCell(37.77, -122.42, 8);
    const bad = [
      latLngToCell(37.77, -122.42, 9),
      cellToParent(res8, 7),
      latLngToCell(37.77, -122.42, 5),
      res8.slice(1),
      `${res8}f`,
      `1${res8}`,
      `${res8.slice(0, 5)}g${res8.slice(6)}`,
      '',
      'not-a-cell-at-all',
      // The cell's own high bits over other low ones, after the cell itself was remembered.
      `${res8.slice(0, 9)}000000`,
    ];
    for (const cell of bad) {
      for (let i = 0; i < 2; i++) expect(centreOf(parser, cell), cell).toBe(`h3_res8_id: not an H3 resolution-8 cell: '${cell}'`);
      // A good cell between two bad ones is still placed.
      expect(centreOf(parser, res8)).toEqual(cellToLatLng(res8));
    }
  });
});
