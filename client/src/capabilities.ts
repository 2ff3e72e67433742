// Which optional routes this server has, read once from its OpenAPI document, so the client can
// offer reports and clusters where they exist and degrade gracefully where they do not.

export interface Capabilities {
  reportPdf: boolean;
  areaExports: boolean; // /areas/{code}/uncovered.csv and .geojson
  clusters: boolean;
  /** /api/v1/changes, its address lists and the changes tiles. */
  changes: boolean;
}

export function capabilitiesFrom(paths: string[]): Capabilities {
  const has = (p: string) => paths.includes(p);
  return {
    reportPdf: has('/api/v1/areas/{code}/report.pdf'),
    areaExports: has('/api/v1/areas/{code}/uncovered.csv') && has('/api/v1/areas/{code}/uncovered.geojson'),
    clusters: has('/api/v1/clusters'),
    changes: has('/api/v1/changes') && has('/api/v1/changes/addresses.csv') && has('/tiles/changes/{z}/{x}/{y}.mvt'),
  };
}
