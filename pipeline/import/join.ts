// importOverRegister: coverage lists (operators' lists of the addresses they serve, without
// coordinates) joined to an address register as one release, in a single transaction. Every
// register address becomes an address of the release; one without a matched offer is uncovered
// (best technology NONE). Location, area and H3 cell come from the register, located once there.
// Rows that fit no register address (unmatched) or several (ambiguous) are counted and listed in
// the match report, never added. matched + unmatched + ambiguous + rejected = read.
import type Database from 'better-sqlite3';
import { DEFAULT_DOWN, downClassFor } from '../../common/constants.ts';
import type { ImportSummary, Offer } from '../../common/types.ts';
import { buildClusters } from '../clusters/index.ts';
import { refreshChanges } from '../changes/index.ts';
import { AddressPointsBuilder } from '../clusters/points.ts';
import { bestOffer, type AddressRecord } from './address.ts';
import { Aggregator } from './aggregate.ts';
import { openCsv } from './batch-reader.ts';
import { renamedHeader } from './columns.ts';
import { coverageColumns, type CoverageColumns } from './coverage-columns.ts';
import type { Encoding } from './csv.ts';
import { normalisePostcode, parseHouseNumber, parseOffer, text, type RowProblem } from './parse-row.ts';
import { findRegister, RegisterMatcher } from './register-match.ts';
import { CsvLog, Rejects } from './rejects.ts';
import { checkAsOf, checkLabel, ImportError, inImportTransaction, releaseSummary, startLoad } from './session.ts';
import { ImportStore } from './store.ts';

export interface JoinOptions {
  release: string;
  register: string;
  asOf?: string | null;
  files: string[];
  rejectsPath?: string | null;
  matchReportPath?: string | null;
  synthetic?: boolean;
  encoding?: Encoding;
  /** Renames a header of another shape: NAME=HEADER,… (columns.ts). */
  columnMapping?: ReadonlyMap<string, string>;
  onProgress?: (progress: { file: string; rowsRead: number; bytesRead: number; bytesTotal: number; done: boolean }) => void;
}

const PROGRESS_EVERY_ROWS = 1 << 14;
/** Register addresses read back per query while the release's addresses are written. */
const PAGE = 8192;

type RegisterAddressRow = [
  number,
  string,
  string | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  number,
  number,
  number,
];

/** A row's key as the matcher wants it, or the problem with it. */
function rowKey(
  fields: string[],
  columns: CoverageColumns,
): { id: string } | { postcode: string; number: number; letter?: string; suffix?: string } | RowProblem {
  const c = columns.index;
  if (columns.key === 'address_id') {
    const id = text(fields, c.address_id);
    return id === null ? { field: 'address_id', reason: 'missing address_id' } : { id };
  }
  const postcode = text(fields, c.postcode);
  if (postcode === null) return { field: 'postcode', reason: 'missing postcode' };
  const numberText = text(fields, c.house_number);
  if (numberText === null) return { field: 'house_number', reason: 'missing house_number' };
  const number = parseHouseNumber(numberText);
  if (typeof number !== 'number') return number;
  const part = (i: number) => (i < 0 ? undefined : (text(fields, i) ?? '').toUpperCase());
  return { postcode: normalisePostcode(postcode), number, letter: part(c.house_letter), suffix: part(c.house_number_suffix) };
}

export function importOverRegister(db: Database.Database, options: JoinOptions): ImportSummary {
  checkLabel(options.release, 'release');
  checkAsOf(options.asOf);
  if (options.files.length === 0) throw new ImportError('Give at least one coverage list to import.');
  const register = findRegister(db, options.register);
  if (typeof register === 'string') throw new ImportError(register);
  const start = startLoad(db, options.files);
  const { areas, sizes, bytesTotal, names } = start;
  const areaIndex = new Map(areas.map((a, i) => [a.code, i]));
  const store = new ImportStore(db, areas);
  const aggregator = new Aggregator(areas, start.level);
  const matcher = new RegisterMatcher(db, register.id);
  const rejects = new Rejects(options.rejectsPath ?? null);
  const report = new CsvLog(options.matchReportPath ?? null, ['source_file', 'line', 'reason', 'row']);
  const mapping = options.columnMapping ?? new Map<string, string>();
  const unknownColumns = new Set<string>();
  /** Matched offers per register address row. */
  const offers = new Map<number, Offer[]>();
  const counts = { lines: 0, read: 0, matched: 0, unmatched: 0, ambiguous: 0, withOffer: 0, addresses: 0 };
  const points = new AddressPointsBuilder();
  let open: ReturnType<typeof openCsv> | null = null;

  const readLists = () => {
    let bytesBefore = 0;
    let progressAt = PROGRESS_EVERY_ROWS;
    for (const [f, path] of options.files.entries()) {
      const reader = (open = openCsv(path, options.encoding ?? 'utf-8'));
      const header = reader.headerFields;
      const columns = coverageColumns(path, header, renamedHeader(header, mapping));
      for (const c of columns.unknown) unknownColumns.add(c);
      for (let fields = reader.next(); fields !== null; fields = reader.next()) {
        counts.read++;
        const problem = reader.problem
          ? { field: '', reason: reader.problem }
          : fields.length !== columns.width
            ? { field: '', reason: `wrong column count: ${fields.length} instead of ${columns.width}` }
            : null;
        const key = problem ?? rowKey(fields, columns);
        const offer = 'reason' in key ? null : parseOffer(fields, columns.index);
        const bad = 'reason' in key ? key : offer && 'reason' in offer ? offer : null;
        if (bad) {
          rejects.add(names[f], reader.line, bad.field, bad.reason, reader.raw());
        } else {
          const k = key as Exclude<typeof key, RowProblem>;
          const fits = 'id' in k ? matcher.withId(k.id) : matcher.withKey(k.postcode, k.number, k.letter, k.suffix);
          if (fits.length === 1) {
            counts.matched++;
            if (offer) {
              const list = offers.get(fits[0]);
              if (list) list.push(offer as Offer);
              else offers.set(fits[0], [offer as Offer]);
            }
          } else {
            const described =
              'id' in k ? `address_id ${k.id}` : `${k.postcode} ${k.number}${k.letter ?? ''}${k.suffix ? `-${k.suffix}` : ''}`;
            if (fits.length === 0) counts.unmatched++;
            else counts.ambiguous++;
            report.write([
              names[f],
              reader.line,
              fits.length === 0
                ? `unmatched: ${described} is not in register ${register.label}`
                : `ambiguous: ${described} fits ${fits.length} addresses of register ${register.label}`,
              reader.raw(),
            ]);
          }
        }
        if (counts.read >= progressAt) {
          progressAt = counts.read + PROGRESS_EVERY_ROWS;
          options.onProgress?.({
            file: names[f],
            rowsRead: counts.read,
            bytesRead: bytesBefore + reader.bytesRead,
            bytesTotal,
            done: false,
          });
        }
      }
      counts.lines += reader.linesRead;
      reader.close();
      open = null;
      bytesBefore += sizes[f];
    }
  };

  /** Every register address becomes an address of the release, with its matched offers. */
  const writeAddresses = () => {
    const page = db
      .prepare(`SELECT id, address_id, postcode, house_number, house_letter, house_number_suffix, street, city,
      area_code, lon, lat, cell FROM register_addresses WHERE register_id = ? AND id > ? ORDER BY id LIMIT ${PAGE}`)
      .raw();
    let nextId = store.nextAddressId();
    const firstId = nextId;
    for (let after = 0; ; ) {
      const rows = page.all(register.id, after) as RegisterAddressRow[];
      if (rows.length === 0) break;
      for (const [id, addressId, postcode, houseNumber, houseLetter, suffix, street, city, areaCode, lon, lat, cell] of rows) {
        const area = areaIndex.get(areaCode);
        if (area === undefined) {
          throw new ImportError(
            `Register ${register.label} assigns addresses to area ${areaCode}, which the loaded boundaries lack. Load the register again (atlas register) after loading the boundaries.`,
          );
        }
        const record: AddressRecord = {
          id: nextId++,
          addressId,
          postcode,
          houseNumber,
          houseLetter,
          suffix,
          street,
          city,
          lon,
          lat,
          area,
          cell,
          offers: offers.get(id) ?? [],
        };
        if (record.offers.length > 0) counts.withOffer++;
        const best = bestOffer(record.offers);
        store.addAddress(record, best);
        aggregator.add(record, best, 1);
        points.set(record.id - firstId, lon, lat, best.downClass);
        counts.addresses++;
      }
      after = rows[rows.length - 1][0];
    }
  };

  let releaseId = 0;
  const load = () => {
    releaseId = store.openRelease(options.release, options.asOf ?? null, options.synthetic ?? false, names, register.id);
    readLists();
    const registerSize = db.prepare('SELECT addresses FROM registers WHERE id = ?').pluck().get(register.id) as number;
    const rebuild = store.otherAddresses() < registerSize / 4 ? store.dropAddressIndexes() : [];
    writeAddresses();
    store.rebuildIndexes(rebuild);
    store.writeAggregates(aggregator.rows((code) => store.levelOf(code)));
    const { addresses, covered } = aggregator.totals(downClassFor(DEFAULT_DOWN));
    store.closeRelease({
      rowsRead: counts.read,
      rowsAccepted: counts.read - rejects.count,
      rowsRejected: rejects.count,
      addresses,
      covered,
      uncovered: addresses - covered,
    });
    buildClusters(db, releaseId, { points: points.build() });
    refreshChanges(db, releaseId);
  };
  inImportTransaction(db, load, () => {
    open?.close();
    rejects.close();
    report.close();
  });
  options.onProgress?.({ file: '', rowsRead: counts.read, bytesRead: bytesTotal, bytesTotal, done: true });
  const { addresses, covered } = aggregator.totals(downClassFor(DEFAULT_DOWN));
  return {
    ...releaseSummary(start, { ...options, rejects, unknownColumns, linesRead: counts.lines, rowsRead: counts.read, addresses, covered }),
    register: register.label,
    matched_rows: counts.matched,
    unmatched_rows: counts.unmatched,
    ambiguous_rows: counts.ambiguous,
    addresses_with_offer: counts.withOffer,
    match_report_file: counts.unmatched + counts.ambiguous > 0 ? (options.matchReportPath ?? null) : null,
  };
}
