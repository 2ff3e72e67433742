// Where a lon/lat lands on a MapLibre map of a known centre and zoom (512-pixel world at zoom 0),
// and the centre that puts a lon/lat at a chosen pixel: what a test needs to click a place.
const WORLD = 512;

function project(lon: number, lat: number, zoom: number): [number, number] {
  const size = WORLD * 2 ** zoom;
  const phi = (lat * Math.PI) / 180;
  return [((lon + 180) / 360) * size, ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * size];
}

function unproject(x: number, y: number, zoom: number): [number, number] {
  const size = WORLD * 2 ** zoom;
  const lon = (x / size) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI;
  return [lon, lat];
}

/** Pixel of [lon, lat] in a map `width`×`height` centred at [clon, clat]. */
export function pixelOf(
  [lon, lat]: [number, number],
  [clon, clat]: [number, number],
  zoom: number,
  width: number,
  height: number,
): [number, number] {
  const [x, y] = project(lon, lat, zoom);
  const [cx, cy] = project(clon, clat, zoom);
  return [width / 2 + x - cx, height / 2 + y - cy];
}

/** The centre [lon, lat] that puts [lon, lat] at pixel [px, py] of a `width`×`height` map. */
export function centreFor(
  [lon, lat]: [number, number],
  [px, py]: [number, number],
  zoom: number,
  width: number,
  height: number,
): [number, number] {
  const [x, y] = project(lon, lat, zoom);
  return unproject(x + width / 2 - px, y + height / 2 - py, zoom);
}
