// The coverage-list reader: offers numbered once per distinct offer, whatever text gave it, and an offer's
// fields worked out once per distinct text — repeated good and bad texts give every row the same answer.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ListBatch, ListBatchReader, NO_OFFER } from '../../pipeline/import/list-reader.ts';
import { tempDir, writeCsv } from '../helpers/temp-db.ts';

const dir = tempDir('atlas-list-reader-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readAll(files: string[]): ListBatch[] {
  const reader = new ListBatchReader(files, 'utf-8', new Map());
  const batches: ListBatch[] = [];
  for (let b = reader.next(); b !== null; b = reader.next()) batches.push(b);
  reader.close();
  return batches;
}

describe('coverage-list reader', () => {
  it('gives repeated offer texts the offer or the problem the first one had, in every file', () => {
    const header = 'postcode,house_number,provider,technology,max_down_mbps,max_up_mbps';
    const a = writeCsv(dir, 'a.csv', [
      header,
      '1234AB,1,Glasrijk,FTTH,1000,1000',
      '1234AB,2,Glasrijk,FTTH,1000,1000',
      '1234AB,3,Glasrijk,FTTH,1000.0,1000',
      '1234AB,4,Glasrijk,Telepathy,1000,1000',
      '1234AB,5,Glasrijk,Telepathy,1000,1000',
      '1234AB,6,,,,',
      '1234AB,7,Koperlijn,VDSL,100,30',
    ]);
    const b = writeCsv(dir, 'b.csv', [
      'technology,max_down_mbps,postcode,house_number,provider',
      'FTTH,1000,1234AB,8,Glasrijk',
      'Telepathy,1000,1234AB,9,Glasrijk',
    ]);
    const batches = readAll([a, b]);
    const offers = batches.flatMap((batch) => [...batch.offer.subarray(0, batch.rows - batch.problems.length)]);
    const defined = batches.flatMap((batch) => batch.newOffers);
    // Rows 1-3 and 8 (up 0 without an upload column in b) and row 7: fibre, fibre, fibre, none, copper | fibre without upload.
    expect(offers.slice(0, 5)).toEqual([0, 0, 0, NO_OFFER, 1]);
    expect(defined[0]).toEqual({ provider: 'Glasrijk', technology: 'FTTH', down: 1000, up: 1000 });
    expect(defined[1]).toEqual({ provider: 'Koperlijn', technology: 'VDSL', down: 100, up: 30 });
    expect(defined[offers[5]]).toEqual({ provider: 'Glasrijk', technology: 'FTTH', down: 1000, up: 0 });
    expect(defined).toHaveLength(3);
    const problems = batches.flatMap((batch) => batch.problems);
    expect(problems).toHaveLength(3);
    for (const p of problems)
      expect(p).toMatchObject({ field: 'technology', reason: expect.stringContaining("unknown technology: 'Telepathy'") });
  });
});
