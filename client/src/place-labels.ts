// Place names from the data itself (/api/v1/places: the addresses' city, largest first), so a
// reader can tell where a cluster is without another map; reloaded when the release changes.
import type * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { PlaceList } from '../../common/api.ts';
import { api } from './api.ts';
import { changed, type Store } from './store.ts';

export const PLACE_SOURCE = 'places';

export function placeFeatures(list: PlaceList): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: list.places.map(
      (p): Feature<Point> => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: { name: p.name, rank: p.rank, addresses: p.addresses },
      }),
    ),
  };
}

export function keepPlacesLoaded(map: maplibregl.Map, store: Store): void {
  const load = () => {
    const source = map.getSource(PLACE_SOURCE) as maplibregl.GeoJSONSource | undefined;
    if (!source) return;
    api
      .places(store.get().release)
      // Place names are a help, not the data: without them the map still works.
      .then((list) => source.setData(placeFeatures(list)))
      .catch(() => undefined);
  };
  if (map.loaded()) load();
  else map.once('load', load);
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'release')) load();
  });
}
