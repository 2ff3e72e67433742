// Types shared by the import scripts, the server and the client: the JSON contract of the CLI and API.

/** What `atlas import --json` prints as its last line (contract fields first). */
export interface ImportSummary {
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
}

// The API's shapes live in common/api.ts (zod schemas); these names stay importable from here.
export type { ApiError, AreaSummary, Counts, Offer, ProviderCount, ReleaseInfo, TechnologyCount, Threshold } from './api.ts';
