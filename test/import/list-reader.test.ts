// The coverage-list reader: offers numbered once per distinct offer, whatever text gave it, and an offer's
// fields worked out once per distinct text — repeated good and bad texts give every row the same answer.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ListBatch, ListBatchReader, listRawOf, NO_OFFER, NO_PART } from '../../pipeline/import/list-reader.ts';
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

/** The rows' keys as the joining thread rebuilds them from the numbered texts (join.ts), null for a missing column. */
function decodedKeys(batches: ListBatch[]): [string, number, string | null, string | null][] {
  let texts: string[] = [];
  const keys: [string, number, string | null, string | null][] = [];
  for (const batch of batches) {
    if (batch.textsRestart) texts = [];
    texts.push(...batch.newTexts);
    const accepted = batch.rows - batch.problems.length;
    for (let a = 0; a < accepted; a++) {
      const part = (n: number) => (n === NO_PART ? null : texts[n]);
      keys.push([texts[batch.postcode[a]], batch.houseNumber[a], part(batch.letter[a]), part(batch.suffix[a])]);
    }
  }
  return keys;
}

describe('coverage-list keys', () => {
  it('sends each postcode, letter and suffix once, normalised, and starts the numbering again past its bound', () => {
    const rows = 5000;
    const lines = ['postcode,huisnummer,huisletter,toevoeging,provider,technology,max_down_mbps,max_up_mbps'];
    const expected: [string, number, string | null, string | null][] = [];
    for (let i = 0; i < rows; i++) {
      // Runs of the same postcode, a few letters and suffixes, and spaces and lower case to normalise.
      const postcode = `${1000 + Math.floor(i / 3)}${i % 2 === 0 ? 'ab' : ' AB'}`;
      const letter = ['', 'a', 'B'][i % 3];
      const suffix = i % 5 === 0 ? `${i % 7}h` : '';
      lines.push(`${postcode},${1 + (i % 40)},${letter},${suffix},Glasrijk,FTTH,1000,1000`);
      expected.push([`${1000 + Math.floor(i / 3)}AB`, 1 + (i % 40), letter.toUpperCase(), suffix.toUpperCase()]);
    }
    const file = writeCsv(dir, 'keys.csv', lines);
    for (const maxTexts of [1 << 20, 16]) {
      const reader = new ListBatchReader([file], 'utf-8', new Map(), true, maxTexts);
      const batches: ListBatch[] = [];
      for (let b = reader.next(); b !== null; b = reader.next()) batches.push(b);
      reader.close();
      expect(decodedKeys(batches)).toEqual(expected);
      const restarts = batches.filter((b) => b.textsRestart).length;
      // Three batches of 2,048 rows: a low bound starts the numbering again at each batch after the first.
      expect(restarts).toBe(maxTexts === 16 ? batches.length - 1 : 0);
      const sent = batches.reduce((n, b) => n + b.newTexts.length, 0);
      if (maxTexts > rows) expect(sent).toBe(new Set(expected.flatMap(([p, , l, s]) => [p, l, s])).size);
    }
  });

  it('gives a list without letter or suffix columns no part, so that any register value fits', () => {
    const file = writeCsv(dir, 'plain.csv', [
      'postcode,house_number,provider,technology,max_down_mbps,max_up_mbps',
      '9351 aa,12,Glasrijk,FTTH,1000,1000',
    ]);
    expect(decodedKeys(readAll([file]))).toEqual([['9351AA', 12, null, null]]);
  });

  it("keeps every row's raw text for a match report, and without one only the refused rows'", () => {
    const lines = ['postcode,house_number,provider,technology,max_down_mbps,max_up_mbps'];
    for (let i = 0; i < 5_000; i++)
      lines.push(i % 997 === 0 ? `1234AB,x${i},Glasrijk,FTTH,1000,1000` : `1234AB,${i + 1},Glasrijk,FTTH,1000,1000`);
    const file = writeCsv(dir, 'raw.csv', lines);
    for (const allRaw of [true, false]) {
      const reader = new ListBatchReader([file], 'utf-8', new Map(), allRaw);
      const raws: string[] = [];
      for (let b = reader.next(); b !== null; b = reader.next()) for (let i = 0; i < b.rows; i++) raws.push(listRawOf(b, i));
      reader.close();
      expect(raws).toEqual(lines.slice(1).map((line, i) => (allRaw || i % 997 === 0 ? line : '')));
    }
  });
});
