// Fictional providers of the US demo, per FCC technology code, with the speeds they advertise.
// Invented names only (some with commas and quotes, as real BDC brand names have): the demo must
// never look like a real provider's filing. FRNs and provider ids are made up in the 9xxxxxx range.

/** The FCC technology codes of fixed availability (BDC data specifications) and their word in the FCC's file names. */
export const US_TECHNOLOGY_FILES = {
  0: 'Other',
  10: 'Copper',
  40: 'Cable',
  50: 'FibertothePremises',
  60: 'GSOSatellite',
  61: 'NGSOSatellite',
  70: 'UnlicensedFixedWireless',
  71: 'LicensedFixedWireless',
  72: 'LBRFixedWireless',
} as const;
export type UsTechnologyCode = keyof typeof US_TECHNOLOGY_FILES;

export interface UsProvider {
  frn: string;
  providerId: string;
  brand: string;
  technology: UsTechnologyCode;
}

const provider = (n: number, brand: string, technology: UsTechnologyCode): UsProvider => ({
  frn: String(9_900_000_000 + n * 7919).padStart(10, '0'),
  providerId: String(990_000 + n),
  brand,
  technology,
});

/** Regional fibre builders: a county has one or two of them (chosen per county). */
export const US_FIBRE = [
  provider(1, 'Zephyrline Fiber', 50),
  provider(2, 'Sunfold Glassworks, Inc.', 50),
  provider(3, 'Pinecone "Photon" Co-op', 50),
  provider(4, 'Quillfeather Light & Data', 50),
];
/** Regional cable operators: one per county. */
export const US_CABLE = [provider(11, 'Tidewater Coax Co.', 40), provider(12, 'Marigold Cablevision, LLC', 40)];
export const US_COPPER = [provider(21, 'Old Rotary Telephone, "Copper" Division', 10), provider(22, 'Bramblewick Telco', 10)];
export const US_WIRELESS = {
  unlicensed: provider(31, 'Ridgeline Airwaves', 70),
  licensed: provider(32, 'Meadowlark Wireless, Inc.', 71),
  lbr: provider(33, 'Canyon "CBRS" Link', 72),
};
export const US_SATELLITE = {
  gso: provider(41, 'Highnoon Geo Satellite', 60),
  ngso: provider(42, 'Swiftorbit, "Low Orbit" Broadband', 61),
};
export const US_OTHER = provider(51, 'Hummingbird Powerline Net', 0);

/** Every provider the US demo can write. */
export const US_PROVIDERS: readonly UsProvider[] = [
  ...US_FIBRE,
  ...US_CABLE,
  ...US_COPPER,
  ...Object.values(US_WIRELESS),
  ...Object.values(US_SATELLITE),
  US_OTHER,
];
