// Calibration of the synthetic demo: defaults inferred from published Dutch broadband figures (2021-2024),
// never shown as facts. Every number the generator aims at lives here.

export interface DemoRelease {
  label: string;
  asOf: string;
  /** Target share of all addresses with an FTTH offer (before per-municipality spread). */
  fibreShare: number;
  /** Share of cable addresses already on DOCSIS 3.1 (gigabit). */
  cableGigabitShare: number;
  /** Share of FTTH addresses also offered a multi-gigabit (2-8 Gbit/s) fibre product. */
  multiGigShare: number;
  /** Share of FTTH addresses whose copper line was switched off. */
  copperOffShare: number;
  /** Shares of addresses without gigabit that got a fixed-wireless or a satellite offer. */
  wirelessShare: number;
  satelliteShare: number;
}

/** Yearly releases, oldest first; the newest one is the "now" of the demo. */
export const DEMO_RELEASES: readonly DemoRelease[] = [
  {
    label: '2021-12',
    asOf: '2021-12-31',
    fibreShare: 0.56,
    cableGigabitShare: 0.82,
    multiGigShare: 0,
    copperOffShare: 0,
    wirelessShare: 0.05,
    satelliteShare: 0.02,
  },
  {
    label: '2022-12',
    asOf: '2022-12-31',
    fibreShare: 0.7,
    cableGigabitShare: 0.94,
    multiGigShare: 0,
    copperOffShare: 0,
    wirelessShare: 0.1,
    satelliteShare: 0.08,
  },
  {
    label: '2023-12',
    asOf: '2023-12-31',
    fibreShare: 0.89,
    cableGigabitShare: 1,
    multiGigShare: 0,
    copperOffShare: 0.35,
    wirelessShare: 0.15,
    satelliteShare: 0.12,
  },
  {
    label: '2024-12',
    asOf: '2024-12-31',
    fibreShare: 0.93,
    cableGigabitShare: 1,
    multiGigShare: 0.08,
    copperOffShare: 0.55,
    wirelessShare: 0.2,
    satelliteShare: 0.18,
  },
];

/** Share of all addresses of the newest release left without gigabit (FACTS: ~1 %, ~90k of 9.4 M). */
export const NEWEST_UNCOVERED_SHARE = 0.01;

/** Share of addresses added per release as new streets (new-build areas), which get FTTH at once. */
export const NEW_STREET_SHARE = 0.015;

/** Spread of a municipality's fibre roll-out around the national share, largest in the first release. */
export const FIBRE_SPREAD = 0.15;

/** Countryside share of a PC4's addresses: RURAL_DENSITY / (inhabitants per km²), clamped. */
export const RURAL_DENSITY = 60;
export const RURAL_SHARE_RANGE = [0.005, 0.6] as const;

/**
 * Share of addresses without cable that have FTTH, per release: the countryside got fibre early
 * (cooperatives, provincial tenders), apart from the last patches.
 */
export const NO_CABLE_FIBRE_SHARE = [0.85, 0.9, 0.95, 1] as const;

/** Cable (coax) reaches nearly every built-up address and few in the countryside. */
export const CABLE_REACH = { core: 0.97, rural: 0.15 } as const;

/** At most this share of a municipality's countryside addresses stays without gigabit. */
export const MAX_UNCOVERED_OF_RURAL = 0.6;

/**
 * Weight of a municipality in the remaining uncovered addresses, by CBS urbanisation class
 * (1 very strongly urban .. 5 not urban): the gap sits in low-density municipalities.
 */
export const URBANITY_WEIGHT: Readonly<Record<number, number>> = { 1: 0.02, 2: 0.08, 3: 0.35, 4: 1, 5: 1.8 };

/** Regions the remaining gap concentrates in (FACTS section 4), as province codes and a latitude cap. */
export const LAGGING_REGIONS: ReadonlyArray<{ name: string; provinceCode: string; maxLat?: number; weight: number }> = [
  { name: 'Groningen', provinceCode: 'PV20', weight: 3 },
  { name: 'Fryslân', provinceCode: 'PV21', weight: 3 },
  { name: 'Drenthe', provinceCode: 'PV22', weight: 2.5 },
  { name: 'Zeeland', provinceCode: 'PV29', weight: 3 },
  { name: 'south Limburg', provinceCode: 'PV31', maxLat: 51.05, weight: 3 },
];

/** Addresses per street (built-up and countryside) and per six-character postcode. */
export const STREET_SIZE = { core: [8, 60], rural: [3, 25] } as const;
export const POSTCODE_SIZE = { core: [10, 25], rural: [5, 15] } as const;
/** Spacing between neighbouring addresses along a street, in metres. */
export const ADDRESS_SPACING_M = { core: [8, 16], rural: [80, 260] } as const;

/** Share of addresses that repeat the previous house number with a letter or a suffix. */
export const HOUSE_LETTER_SHARE = 0.03;
export const HOUSE_SUFFIX_SHARE = 0.02;
