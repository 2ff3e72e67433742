// Credits of the loaded boundaries: one default, one way to split the `;`-separated setting. The
// server's configuration and the CLI's reports both read it, so neither loads the other's settings.

/** The credit line of the bundled CBS/Kadaster boundaries. */
export const DEFAULT_ATTRIBUTION = 'Kadaster / Centraal Bureau voor de Statistiek, 2024';

/** `a; b;` -> ['a', 'b']. */
export function splitAttribution(text: string): string[] {
  return text
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The note /api/v1/meta adds to the credits when the newest release is synthetic (the map shows it translated). */
export const SYNTHETIC_ATTRIBUTION = 'Synthetic demo data: generated addresses and fictional providers';
