// loadRegister: address register files (LJPc, NLExtract or canonical CSV, plain or compressed) ->
// one register in SQLite, in a single transaction. Each address is checked, assigned to its area
// once (assign.ts) and given its H3 cell; a repeated key is kept once and reported.
import type Database from 'better-sqlite3';
import type { RegisterSummary } from '../../common/types.ts';
import { openCsv } from '../import/batch-reader.ts';
import type { Encoding } from '../import/csv.ts';
import { finestCellKey } from '../import/hex-key.ts';
import type { ImportProgress } from '../import/index.ts';
import { AreaLocator } from '../import/locate.ts';
import { Rejects } from '../import/rejects.ts';
import { checkAsOf, checkLabel, ImportError, inImportTransaction, startLoad } from '../import/session.ts';
import { AreaAssigner } from './assign.ts';
import { parseColumnMapping } from '../import/columns.ts';
import { REGISTER_FIELDS, registerColumns } from './header.ts';
import { parseRegisterRow } from './parse.ts';
import { RegisterStore, type RegisterCounts } from './store.ts';

export interface RegisterOptions {
  label: string;
  asOf?: string | null;
  files: string[];
  rejectsPath?: string | null;
  encoding?: Encoding;
  /** --columns: 'name=header,…' renames for a header of another shape. */
  columns?: string | null;
  onProgress?: (progress: ImportProgress) => void;
}

const PROGRESS_EVERY_ROWS = 1 << 14;

/** Names of the leaf areas, in the order of ImportStore.leafAreas. */
function areaNames(db: Database.Database, level: string): string[] {
  return db.prepare('SELECT name FROM areas WHERE level = ? ORDER BY code').pluck().all(level) as string[];
}

export function loadRegister(db: Database.Database, options: RegisterOptions): RegisterSummary {
  checkLabel(options.label, 'register');
  checkAsOf(options.asOf);
  if (options.files.length === 0) throw new ImportError('Give at least one address register file to load.');
  let mapping: Map<string, string>;
  try {
    mapping = parseColumnMapping(options.columns, REGISTER_FIELDS);
  } catch (err) {
    throw new ImportError((err as Error).message);
  }
  const { started, level, areas, sizes, bytesTotal, names } = startLoad(db, options.files);
  const locator = new AreaLocator(areas);
  const assigner = new AreaAssigner(locator, areaNames(db, level));
  const store = new RegisterStore(db);
  const rejects = new Rejects(options.rejectsPath ?? null);
  const counts: RegisterCounts = {
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    addresses: 0,
    duplicates: 0,
    byName: 0,
    byPolygon: 0,
    snapped: 0,
    disagreements: 0,
  };
  let inNoPolygon = 0;
  const formats: string[] = [];
  const unknownColumns = new Set<string>();
  let open: ReturnType<typeof openCsv> | null = null;

  const load = () => {
    store.open(options.label, options.asOf ?? null, [], names);
    let bytesBefore = 0;
    let progressAt = PROGRESS_EVERY_ROWS;
    for (const [f, path] of options.files.entries()) {
      const reader = (open = openCsv(path, options.encoding ?? 'utf-8'));
      const columns = registerColumns(path, reader.headerFields, mapping);
      formats.push(columns.format);
      for (const c of columns.unknown) unknownColumns.add(c);
      for (let fields = reader.next(); fields !== null; fields = reader.next()) {
        counts.rowsRead++;
        const reject = (field: string, reason: string) => rejects.add(names[f], reader.line, field, reason, reader.raw());
        const row = reader.problem ? { field: '', reason: reader.problem } : parseRegisterRow(fields, columns);
        if ('reason' in row) {
          reject(row.field, row.reason);
          continue;
        }
        const assigned = assigner.assign(row.municipality, row.lon, row.lat);
        if ('reason' in assigned) {
          reject(assigned.field, assigned.reason);
          continue;
        }
        const added = store.add({ ...row, areaCode: areas[assigned.area].code, cell: finestCellKey(row.lat, row.lon) });
        if (!added) {
          counts.duplicates++;
          reject('address', `duplicate address: ${row.addressId} is already in the register (the first row is kept)`);
          continue;
        }
        counts.addresses++;
        if (assigned.how === 'name') {
          counts.byName++;
          if (assigned.polygon >= 0 && assigned.polygon !== assigned.area) counts.disagreements++;
          if (assigned.polygon < 0) inNoPolygon++;
        } else if (assigned.how === 'polygon') counts.byPolygon++;
        else counts.snapped++;
        if (counts.rowsRead >= progressAt) {
          progressAt = counts.rowsRead + PROGRESS_EVERY_ROWS;
          options.onProgress?.({
            file: names[f],
            rowsRead: counts.rowsRead,
            bytesRead: bytesBefore + reader.bytesRead,
            bytesTotal,
            done: false,
          });
        }
      }
      reader.close();
      open = null;
      bytesBefore += sizes[f];
    }
    counts.rowsRejected = rejects.count;
    counts.rowsAccepted = counts.rowsRead - rejects.count;
    store.setFormats(formats);
    store.close(counts);
  };

  inImportTransaction(db, load, () => {
    open?.close();
    rejects.close();
  });
  options.onProgress?.({ file: '', rowsRead: counts.rowsRead, bytesRead: bytesTotal, bytesTotal, done: true });
  return {
    label: options.label,
    as_of: options.asOf ?? null,
    formats,
    rows_read: counts.rowsRead,
    rows_accepted: counts.rowsAccepted,
    rows_rejected: counts.rowsRejected,
    addresses: counts.addresses,
    duplicates: counts.duplicates,
    areas_by_name: counts.byName,
    areas_by_polygon: counts.byPolygon,
    snapped: counts.snapped,
    disagreements: counts.disagreements,
    named_in_no_polygon: inNoPolygon,
    files: names,
    unknown_columns: [...unknownColumns],
    rejects_file: rejects.count > 0 ? (options.rejectsPath ?? null) : null,
    rejects_by_reason: Object.fromEntries(rejects.byReason),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
