// Calibration of the synthetic US demo: its releases (the FCC's June as-of dates) and the shares the
// generator aims at, per technology, in towns and in the countryside. Invented to give the demo a
// plausible shape (satellite almost everywhere, fibre mostly in towns, cable and copper in between,
// fixed wireless in the countryside); never shown as facts.

export interface UsDemoRelease {
  /** Release label, as the FCC names its filings (J = June as-of date). */
  label: string;
  asOf: string;
  /** The publication date in the FCC's file names (`..._J24_10dec2024.zip`). */
  published: string;
}

/** Oldest first; the newest is the "now" of the demo. */
export const US_DEMO_RELEASES: readonly UsDemoRelease[] = [
  { label: 'J23', asOf: '2023-06-30', published: '11dec2023' },
  { label: 'J24', asOf: '2024-06-30', published: '10dec2024' },
];

/** Share of a location's offers of a technology, per release (oldest first), in a town and outside. */
export interface Share {
  town: readonly number[];
  rural: readonly number[];
}

export const US_SHARES = {
  fibre: { town: [0.4, 0.5], rural: [0.06, 0.1] },
  cable: { town: [0.85, 0.85], rural: [0.25, 0.25] },
  copper: { town: [0.5, 0.42], rural: [0.45, 0.4] },
  unlicensedWireless: { town: [0.03, 0.03], rural: [0.25, 0.25] },
  licensedWireless: { town: [0.04, 0.05], rural: [0.4, 0.5] },
  lbrWireless: { town: [0.01, 0.02], rural: [0.15, 0.25] },
  gsoSatellite: { town: [0.95, 0.95], rural: [0.97, 0.97] },
  ngsoSatellite: { town: [0.85, 0.95], rural: [0.88, 0.97] },
  other: { town: [0.01, 0.01], rural: [0.01, 0.01] },
} as const satisfies Record<string, Share>;

/** Locations per county on average at scale 1 (a county's own number varies around it, seeded). */
export const LOCATIONS_PER_COUNTY = 3000;

/** Shares of locations the FCC marks residential (R), both (X) and business-only (B). */
export const RESIDENTIAL_SHARE = 0.85;
export const MIXED_SHARE = 0.1;

/** Share of the newest release's locations that are new in it. */
export const NEW_LOCATION_SHARE = 0.04;
