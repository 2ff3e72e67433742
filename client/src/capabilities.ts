// Which optional routes this server has, read once from its OpenAPI document, so the client can
// offer reports and clusters where they exist and degrade gracefully where they do not. A static
// site has no routes: it offers its clusters lists and the whole files it was exported with.
import type { StaticManifest } from '../../common/static-site.ts';

export interface Capabilities {
  reportPdf: boolean;
  areaExports: boolean; // /areas/{code}/uncovered.csv and .geojson
  clusters: boolean;
  /** Whole files of the site by kind (gpkg, uncovered_csv, clusters_csv), relative to the page; null on a live server. */
  prebuilt: Record<string, string> | null;
}

export function capabilitiesFrom(paths: string[]): Capabilities {
  const has = (p: string) => paths.includes(p);
  return {
    reportPdf: has('/api/v1/areas/{code}/report.pdf'),
    areaExports: has('/api/v1/areas/{code}/uncovered.csv') && has('/api/v1/areas/{code}/uncovered.geojson'),
    clusters: has('/api/v1/clusters'),
    prebuilt: null,
  };
}

export function staticCapabilities(site: StaticManifest): Capabilities {
  return { reportPdf: false, areaExports: false, clusters: true, prebuilt: site.downloads };
}
