// The changed-address table of /api/v1/changes/addresses.csv and .geojson: the uncovered table's address
// columns with the kind of change and both release labels on every row (`release` and `synthetic` are
// added by the writers: the release the row's fields come from, `to`, or `from` for removed addresses).
import type { ChangeKind } from '../../common/changes.ts';
import type { AddressRow } from '../store/addresses.ts';
import type { ExportTable } from './table.ts';
import { uncoveredTable, UNCOVERED_COLUMNS } from './uncovered.ts';

export const CHANGE_COLUMNS = ['kind', 'from', 'to', ...UNCOVERED_COLUMNS] as const;

export function changesTable(kind: ChangeKind, from: string, to: string): ExportTable<AddressRow> {
  return {
    ...uncoveredTable,
    columns: CHANGE_COLUMNS,
    cells: (row) => ({ kind, from, to, ...uncoveredTable.cells(row) }),
  };
}
