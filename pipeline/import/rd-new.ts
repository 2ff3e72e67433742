// RD New (EPSG:28992, the Dutch national grid) to WGS84 lon/lat and back, with the EPSG Helmert
// parameters (+towgs84) so results line up with WGS84 boundaries to about a metre.
import proj4 from 'proj4';

const RD_NEW =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
  '+ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs';

const toWgs84 = proj4(RD_NEW, 'WGS84');

/** Converts [lon, lat] in degrees to RD New metres [x, y]. */
export function wgs84ToRd(lon: number, lat: number): [number, number] {
  const [x, y] = toWgs84.inverse([lon, lat]);
  return [x, y];
}

/** Converts RD New metres to [lon, lat] in degrees. */
export function rdToWgs84(x: number, y: number): [number, number] {
  const [lon, lat] = toWgs84.forward([x, y]);
  return [lon, lat];
}
