// Types shared by the import scripts, the server and the client: the JSON contract of the CLI and API.

/** What `atlas import --json` prints as its last line (contract fields first). */
export interface ImportSummary extends Partial<JoinSummary> {
  release: string;
  as_of: string | null;
  /** Lines of the files read, headers and blank lines included (a record may span lines). */
  lines_read: number;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  addresses: number;
  covered: number;
  uncovered: number;
  synthetic: boolean;
  files: string[];
  unknown_columns: string[];
  rejects_file: string | null;
  /** Rejected rows per kind of reason, e.g. { "unknown technology": 3 }. */
  rejects_by_reason: Record<string, number>;
  seconds: number;
  /** FCC BDC imports: 'fcc-bdc' (absent for connection CSVs). */
  input_format?: 'fcc-bdc';
  /** FCC BDC imports: 'h3r8', positions are H3 resolution-8 cell centres. */
  location_precision?: 'h3r8';
  /** With --residential-only: rows of business-only locations read and left out (accepted + rejected + skipped = read). */
  rows_skipped?: number;
  /** FCC BDC imports: block county codes no loaded area has, with their rows (placed by point-in-polygon instead). */
  unknown_area_codes?: Record<string, number>;
}

/** What `atlas import --register … --json` adds to the summary: the join of coverage lists to a register. */
export interface JoinSummary {
  register: string;
  /** Rows that found exactly one register address (their offer, if any, applied). */
  matched_rows: number;
  /** Rows whose key is in no register address: reported, never added as an address. */
  unmatched_rows: number;
  /** Rows whose key fits more than one register address: reported, not applied. */
  ambiguous_rows: number;
  /** Register addresses with at least one matched offer. */
  addresses_with_offer: number;
  match_report_file: string | null;
}

/** What `atlas register --json` prints as its last line (contract fields first). */
export interface RegisterSummary {
  label: string;
  as_of: string | null;
  /** The format recognised per file: 'ljpc' | 'nlextract' | 'canonical'. */
  formats: string[];
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  /** Addresses (nummeraanduidingen, side addresses included) in the register. */
  addresses: number;
  /** Rows repeating a key already read: kept once (the first), each repeat listed in the rejects. */
  duplicates: number;
  /** Addresses assigned to the municipality the register names. */
  areas_by_name: number;
  /** Addresses located by point-in-polygon (the register names no loaded area). */
  areas_by_polygon: number;
  /** Addresses in no area, given to the nearest area within 1 km. */
  snapped: number;
  /** Named addresses whose point lies in another area's polygon: a measure of the boundary file. */
  disagreements: number;
  /** Named addresses whose point lies in no polygon at all. */
  named_in_no_polygon: number;
  files: string[];
  unknown_columns: string[];
  rejects_file: string | null;
  rejects_by_reason: Record<string, number>;
  seconds: number;
}

/** A register as listed by `atlas registers --json`. */
export interface RegisterInfo {
  label: string;
  as_of: string | null;
  formats: string[];
  addresses: number;
  duplicates: number;
  snapped: number;
  disagreements: number;
  imported_at: string;
}

// The API's shapes live in common/api.ts (zod schemas); these names stay importable from here.
export type {
  ApiError,
  AreaSummary,
  BusinessResidential,
  Counts,
  Offer,
  ProviderCount,
  ReleaseInfo,
  TechnologyCount,
  Threshold,
} from './api.ts';
