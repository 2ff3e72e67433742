// Credits of the loaded boundaries: one default, one way to split the `;`-separated setting, one rule
// for which credits apply. The server's configuration and the CLI's reports and exports all read it,
// so neither loads the other's settings.

/** The credit line of the bundled CBS/Kadaster boundaries. */
export const DEFAULT_ATTRIBUTION = 'Kadaster / Centraal Bureau voor de Statistiek, 2024';

/**
 * The credits to show: the attribution setting when one is given, else those stored with the
 * boundaries (atlas boundaries --attribution), else the bundled CBS/Kadaster credit (databases
 * loaded before credits were stored hold the bundled boundaries).
 */
export function creditsFor(setting: string | undefined, stored: readonly string[]): string[] {
  if (setting?.trim()) return splitAttribution(setting);
  return stored.length > 0 ? [...new Set(stored.flatMap(splitAttribution))] : [DEFAULT_ATTRIBUTION];
}

/** `a; b;` -> ['a', 'b']. */
export function splitAttribution(text: string): string[] {
  return text
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The note /api/v1/meta adds to the credits when the newest release is synthetic (the map shows it translated). */
export const SYNTHETIC_ATTRIBUTION = 'Synthetic demo data: generated addresses and fictional providers';
