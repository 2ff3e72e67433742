// Great-circle distances on a sphere, in metres, shared by the clustering, the nearest-covered
// search and their brute-force checks so that all of them measure alike.

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
export const RAD = Math.PI / 180;

/** Haversine of the central angle between two points given in radians, with their latitude cosines. */
export function haversineTerm(lon1: number, lat1: number, cos1: number, lon2: number, lat2: number, cos2: number): number {
  const sLat = Math.sin((lat2 - lat1) / 2);
  const sLon = Math.sin((lon2 - lon1) / 2);
  return sLat * sLat + cos1 * cos2 * sLon * sLon;
}

/** The haversine term that a distance of `metres` gives, to compare against without trigonometry per pair. */
export function haversineTermOf(metres: number): number {
  const s = Math.sin(metres / EARTH_RADIUS_M / 2);
  return s * s;
}

/** Great-circle distance in metres between two lon/lat points in degrees. */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = haversineTerm(lon1 * RAD, lat1 * RAD, Math.cos(lat1 * RAD), lon2 * RAD, lat2 * RAD, Math.cos(lat2 * RAD));
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
