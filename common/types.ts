// Types shared by the import scripts, the server and the client: the JSON contract of the CLI and API.
import type { AreaLevel, DownThreshold, UpThreshold } from './constants.ts';

/** One offer at an address, as imported. */
export interface Offer {
  provider: string | null;
  technology: string;
  down: number;
  up: number;
}

/** What `atlas import --json` prints as its last line (contract fields first). */
export interface ImportSummary {
  release: string;
  as_of: string | null;
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

/** A release as listed by `atlas releases --json` and `GET /api/v1/releases`. */
export interface ReleaseInfo {
  label: string;
  as_of: string | null;
  addresses: number;
  covered: number;
  uncovered: number;
  synthetic: boolean;
  imported_at?: string;
}

/** The coverage definition a response used. */
export interface Threshold {
  down: DownThreshold;
  up: UpThreshold | null;
}

export interface Counts {
  addresses: number;
  covered: number;
  uncovered: number;
  /** covered / addresses in %, two decimals; null when there are no addresses (no data, not 0 %). */
  covered_pct: number | null;
}

export interface TechnologyCount extends Counts {
  technology: string;
}

export interface ProviderCount extends Counts {
  provider: string;
}

export interface AreaSummary extends Counts {
  code: string;
  name: string;
  level: AreaLevel;
}

/** The standard error body of every HTTP error. */
export interface ApiError {
  error: { status: number; code: string; message: string; parameter?: string };
}
