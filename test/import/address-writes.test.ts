// New addresses are written several to an INSERT (store.ts, ROWS_PER_INSERT): an address whose rows come
// back after others, in the same file or a later one, is merged into the row it was written to, and
// every address held back is in the table when the release is committed.
import { afterAll, describe, expect, it } from 'vitest';
import { importRelease } from '../../pipeline/import/index.ts';
import { boundariesDb, HEADER, LOPIK, writeCsv } from '../helpers/temp-db.ts';

const { db, dir } = boundariesDb();
afterAll(() => db.close());

const row = (id: string, provider: string, down: number) => `${id},3411AB,1,${LOPIK},${provider},FTTH,${down},${down}`;

describe('address writes', () => {
  it('merges rows of an address that come back after more addresses than one INSERT writes', () => {
    // 101 addresses (three full INSERTs and a rest); A0 comes back after its INSERT, A98 before its own
    // (still held back), and A50 and A100 in a second file.
    const first = Array.from({ length: 101 }, (_, i) => row(`A${i}`, 'P', 100));
    first.push(row('A98', 'Q', 1000), row('A0', 'Q', 1000));
    const second = [row('A50', 'R', 1000), row('A100', 'R', 500)];
    const summary = importRelease(db, {
      release: 'r',
      files: [writeCsv(dir, 'a.csv', [HEADER, ...first]), writeCsv(dir, 'b.csv', [HEADER, ...second])],
    });
    expect(summary.addresses).toBe(101);
    expect(summary.covered).toBe(3);
    const rows = db
      .prepare(
        "SELECT address_id, best_down, offers FROM addresses WHERE release_id = (SELECT id FROM releases WHERE label = 'r') ORDER BY id",
      )
      .all() as { address_id: string; best_down: number; offers: string }[];
    expect(rows.map((r) => r.address_id)).toEqual(Array.from({ length: 101 }, (_, i) => `A${i}`));
    const byId = new Map(rows.map((r) => [r.address_id, r]));
    expect(byId.get('A0')!.best_down).toBe(1000);
    expect(JSON.parse(byId.get('A0')!.offers)).toHaveLength(2);
    expect(byId.get('A98')!.best_down).toBe(1000);
    expect(byId.get('A50')!.best_down).toBe(1000);
    expect(byId.get('A100')!.best_down).toBe(500);
    expect(byId.get('A99')!.best_down).toBe(100);
  });
});
