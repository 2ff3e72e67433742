// Text fields over their cap are rejected with a reason (issue 16 item 3): names 200 characters,
// ids, codes and numbers 64. The limits themselves are accepted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importRelease } from '../../pipeline/import/index.ts';
import { boundariesDb, LOPIK, writeCsv } from '../helpers/temp-db.ts';

const { db, dir } = boundariesDb();
afterAll(() => db.close());

const HEADER = 'address_id,postcode,house_number,house_letter,street,city,lon,lat,provider,technology,max_down_mbps,max_up_mbps';
const row = (over: Partial<Record<string, string>> = {}) => {
  const v = {
    address_id: 'A1',
    postcode: '3411AB',
    house_number: '1',
    house_letter: 'a',
    street: 'Dorpsstraat',
    city: 'Lopik',
    provider: 'P',
    ...over,
  };
  return `${v.address_id},${v.postcode},${v.house_number},${v.house_letter},${v.street},${v.city},${LOPIK},${v.provider},FTTH,1000,1000`;
};

function importOne(line: string) {
  const rejectsPath = join(dir, 'rejects.csv');
  const summary = importRelease(db, {
    release: 'r',
    files: [writeCsv(dir, 'one.csv', [HEADER, line, row({ address_id: 'OK' })])],
    rejectsPath,
    // One row of two is rejected on purpose: over the default 20 % refusal share.
    allowRejects: true,
  });
  expect(summary.rows_read).toBe(2);
  const rejects = summary.rows_rejected === 0 ? [] : readFileSync(rejectsPath, 'utf8').trim().split('\n').slice(1);
  return { summary, reject: rejects[0]?.split(',') };
}

describe('field length caps at import', () => {
  it.each([
    ['street', 200],
    ['city', 200],
    ['provider', 200],
    ['house_letter', 200],
    ['address_id', 64],
    ['postcode', 64],
  ])('accepts %s of %i characters and rejects one more', (field, max) => {
    expect(importOne(row({ [field]: 'x'.repeat(max) })).summary.rows_rejected).toBe(0);
    const { summary, reject } = importOne(row({ [field]: 'x'.repeat(max + 1) }));
    expect(summary).toMatchObject({ rows_accepted: 1, rows_rejected: 1 });
    expect(reject?.[2]).toBe(field);
    expect(reject?.[3]).toBe(`longer than ${max} characters`);
  });

  it('rejects an 80 KB street name quickly, naming the field, and keeps the other rows', () => {
    const { summary, reject } = importOne(row({ street: 'W'.repeat(80_000) }));
    expect(summary).toMatchObject({ rows_accepted: 1, rows_rejected: 1 });
    expect(summary.rejects_by_reason).toEqual({ 'street: longer than 200 characters': 1 });
    expect(reject?.[2]).toBe('street');
  });
});
